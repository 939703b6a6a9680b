import type { ApiTokenRecord, Hub, HubOptions, LogStore, Role } from '@bosun/hub';
import {
  type FakeAgent,
  type FakeAgentOptions,
  type FakeClock,
  type MemoryStore,
  TestHub,
  type TestHubOptions,
} from '@bosun/hub/testing';
import type { Hono } from 'hono';
import { createApiDeps } from '../api-deps.ts';
import { createApiRoutes } from '../api-routes.ts';
import { hashToken, newApiToken } from '../auth/tokens.ts';
import { allowedHostPolicy } from '../http/allowed-hosts.ts';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { SESSION_COOKIE } from '../http/cookies.ts';
import { parseCidr } from '../http/ip-address.ts';
import { type ApiLimits, DEFAULT_API_LIMITS } from '../limits.ts';
import type { AgentImageSource } from '../ports/agent-image.ts';
import type { StaticAssets } from '../ports/static-assets.ts';
import { checkAnswer } from './check-answer.ts';
import { FakePasswordHasher } from './fake-password-hasher.ts';
import { FakeStoreHealth } from './fake-store-health.ts';
import { MemoryLogger } from './memory-logger.ts';
import type { TestConnectionFacts } from './test-connection.ts';
import { testConnectionOf } from './test-connection.ts';
import { TestRuntime } from './test-runtime.ts';

/** The origin test requests are addressed to; browsers' requests carry it as their Origin. */
export const TEST_ORIGIN = 'http://manager.test';

/** A user in the bed's store, with the password it was made with. */
export type TestUser = { id: string; username: string; password: string; role: Role };

/** A user and the credential its requests carry: a browser's session cookie or a script's API token. */
export type TestClient = { user: TestUser } & ({ cookie: string } | { bearer: string });

/** How a test request is sent. */
export type TestRequest = {
  /** Whose credential it carries; none when absent. */
  as?: TestClient;
  /** Sent as JSON unless a string. */
  body?: unknown;
  /**
   * The Origin header. A cookie client sends the manager's own, as browsers do; anyone else
   * none. `null` sends none at all.
   */
  origin?: string | null;
  headers?: Record<string, string>;
  /** The connection it arrives on. */
  connection?: TestConnectionFacts;
};

/** How an `ApiTestBed` differs from the defaults. */
export type ApiTestBedOptions = {
  limits?: Partial<ApiLimits>;
  publicUrl?: string;
  assets?: StaticAssets;
  hubOptions?: Partial<HubOptions>;
  /** The bearer token that may read `/metrics` besides admins. */
  metricsToken?: string;
  /** The audit log's bounds (the manager's defaults when absent); `bed.store` holds every row written. */
  boundedAudit?: TestHubOptions['boundedAudit'];
  /** Proxies whose X-Forwarded-For is believed (`--trusted-proxy`). */
  trustedProxies?: string[];
  /** Host names answered besides the public URL's, IP literals and loopback; `manager.test` by default. */
  allowedHosts?: string[];
  /** The hasher the API uses; a fast fake by default. */
  passwords?: FakePasswordHasher;
  /** The agent image join lines run; the API's default when absent. */
  agentImage?: AgentImageSource;
  /** A log store: the hub ingests retained containers into it and the stored-log routes read it; none when absent. */
  logStore?: LogStore;
};

/**
 * The API in-process over a real hub (memory store, fake clock, fake agents from the hub's test
 * kit) and a fast fake password hasher: requests go through `app.request`, users and
 * credentials are made straight in the store.
 */
export class ApiTestBed {
  readonly testHub: TestHub;
  readonly passwords: FakePasswordHasher;
  readonly logger = new MemoryLogger();
  readonly runtime = new TestRuntime();
  readonly storeHealth = new FakeStoreHealth();
  readonly deps: ApiDeps;
  readonly app: Hono<AppEnv>;
  #users = 0;

  constructor(options: ApiTestBedOptions = {}) {
    this.passwords = options.passwords ?? new FakePasswordHasher();
    this.testHub = new TestHub({
      ...(options.hubOptions ? { options: options.hubOptions } : {}),
      boundedAudit: options.boundedAudit ?? {},
      ...(options.logStore ? { logStore: options.logStore } : {}),
    });
    this.deps = createApiDeps({
      hub: this.testHub.hub,
      store: this.testHub.hubStore,
      clock: this.testHub.clock,
      logger: this.logger,
      limits: { ...DEFAULT_API_LIMITS, ...options.limits },
      passwords: this.passwords,
      connectionOf: testConnectionOf,
      publicUrl: options.publicUrl,
      storeHealth: this.storeHealth,
      runtime: this.runtime,
      metricsToken: options.metricsToken,
      trustedProxies: (options.trustedProxies ?? []).map(parseCidr),
      allowedHosts: allowedHostPolicy(
        options.publicUrl,
        options.allowedHosts ?? [new URL(TEST_ORIGIN).hostname],
      ),
      ...(options.agentImage ? { agentImage: options.agentImage } : {}),
      ...(options.logStore ? { logStore: options.logStore } : {}),
    });
    this.app = createApiRoutes(this.deps, options.assets ? { assets: options.assets } : {});
  }

  get hub(): Hub {
    return this.testHub.hub;
  }

  get store(): MemoryStore {
    return this.testHub.store;
  }

  get clock(): FakeClock {
    return this.testHub.clock;
  }

  /** A new user of `role` in the store. */
  async user(
    role: Role = 'viewer',
    fields: { username?: string; password?: string } = {},
  ): Promise<TestUser> {
    this.#users += 1;
    const user: TestUser = {
      id: `usr_test${this.#users}`,
      username: fields.username ?? `${role}${this.#users}`,
      password: fields.password ?? `password ${this.#users}`,
      role,
    };
    await this.store.users.create({
      id: user.id,
      username: user.username,
      role,
      passwordHash: await this.passwords.hash(user.password),
      createdAt: this.clock.now(),
    });
    return user;
  }

  /** A browser logged in as `user` (a new user of `role` when a role is given). */
  async browser(who: Role | TestUser = 'viewer'): Promise<TestClient> {
    const user = typeof who === 'string' ? await this.user(who) : who;
    const { token } = await this.deps.sessions.create(user.id);
    return { user, cookie: `${SESSION_COOKIE}=${token}` };
  }

  /** A script holding an API token of `user` (a new user of `role` when a role is given). */
  async script(who: Role | TestUser = 'viewer'): Promise<TestClient> {
    const user = typeof who === 'string' ? await this.user(who) : who;
    const token = newApiToken();
    const record: ApiTokenRecord = {
      id: `tok_test${++this.#users}`,
      userId: user.id,
      name: 'test',
      tokenHash: await hashToken(token),
      createdAt: this.clock.now(),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.apiTokens.create(record);
    return { user, bearer: token };
  }

  /** An agent joined to the hub and answering requests (see the hub's `FakeAgent`). */
  agent(options: Partial<FakeAgentOptions> = {}): Promise<FakeAgent> {
    return this.testHub.agent(options);
  }

  /**
   * Sends `method path` to the API as `options` say, and checks the answer against protocol's
   * contract (`checkAnswer`) before the test sees it.
   */
  async request(method: string, path: string, options: TestRequest = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    const client = options.as;
    if (client && 'cookie' in client) headers.set('cookie', client.cookie);
    if (client && 'bearer' in client) headers.set('authorization', `Bearer ${client.bearer}`);
    const origin =
      options.origin === undefined ? (client && 'cookie' in client ? TEST_ORIGIN : null) : options.origin;
    if (origin !== null) headers.set('origin', origin);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const res = await this.app.request(
      `${TEST_ORIGIN}${path}`,
      { method, headers, ...(body === undefined ? {} : { body }) },
      options.connection ?? {},
    );
    // Every answer of every route test meets protocol's contract exactly.
    await checkAnswer(method, path, res);
    return res;
  }
}
