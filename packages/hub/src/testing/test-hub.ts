import type { Role } from '@bosun/protocol';
import { type BoundedAuditOptions, withAuditBounds } from '../audit/bounded-audit-store.ts';
import { Hub } from '../hub.ts';
import type { HubOptions } from '../hub-options.ts';
import { silentLogger } from '../logger.ts';
import type { LogStore } from '../ports/log-store.ts';
import type { ManagerKey } from '../ports/manager-key.ts';
import type { Store } from '../ports/store.ts';
import type { Principal } from '../principal.ts';
import { ephemeralManagerKey } from './ephemeral-manager-key.ts';
import { FakeAgent, type FakeAgentOptions } from './fake-agent.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeViewer } from './fake-viewer.ts';
import { principal } from './fixtures.ts';
import { MemoryStore } from './memory-store.ts';

/** How a `TestHub` is made; `boundedAudit` puts the manager's audit bounds in front of the memory store. */
export type TestHubOptions = {
  store?: MemoryStore;
  clock?: FakeClock;
  managerKey?: ManagerKey;
  options?: Partial<HubOptions>;
  /** A log store for the hub to ingest retained containers into. */
  logStore?: LogStore;
  boundedAudit?: Pick<BoundedAuditOptions, 'bounds' | 'refusals' | 'pruneDelayMs'>;
};

/** A hub over a memory store and a fake clock, with shortcuts to bring agents and viewers in. */
export class TestHub {
  /** The memory store underneath; `hubStore` is what the hub writes to. */
  readonly store: MemoryStore;
  /** The store the hub uses: `store`, or `store` with a bounded audit log. */
  readonly hubStore: Store;
  readonly clock: FakeClock;
  readonly hub: Hub;
  /** The key the hub proves itself with (made in memory unless given). */
  readonly managerKey: ManagerKey;

  constructor(options: TestHubOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.clock = options.clock ?? new FakeClock();
    this.hubStore = options.boundedAudit
      ? withAuditBounds(this.store, { clock: this.clock, logger: silentLogger, ...options.boundedAudit })
      : this.store;
    this.managerKey = options.managerKey ?? ephemeralManagerKey();
    this.hub = new Hub({
      store: this.hubStore,
      clock: this.clock,
      managerKey: this.managerKey,
      ...(options.logStore ? { logStore: options.logStore } : {}),
      ...(options.options ? { options: options.options } : {}),
    });
  }

  async joinToken(name?: string): Promise<string> {
    const created = await this.hub.createJoinToken({
      createdBy: 'u-admin',
      ...(name === undefined ? {} : { name }),
    });
    return created.token;
  }

  /** A new agent joined with a fresh token and ready for requests. */
  async agent(options: Partial<FakeAgentOptions> = {}): Promise<FakeAgent> {
    const agent = await FakeAgent.connect(this.hub, {
      auth: { joinToken: await this.joinToken() },
      ...options,
    });
    if (!agent.welcome) throw new Error(`agent refused: ${agent.refusal?.message}`);
    await this.clock.advance(0);
    return agent;
  }

  /** The same agent coming back over a new connection with its credential. */
  async reconnect(agent: FakeAgent, options: Partial<FakeAgentOptions> = {}): Promise<FakeAgent> {
    const credential = agent.credential;
    if (!credential) throw new Error('no credential to reconnect with');
    const again = await FakeAgent.connect(this.hub, {
      auth: { credential },
      containers: agent.containers,
      sameHostAs: agent,
      ...options,
    });
    await this.clock.advance(0);
    return again;
  }

  /** A viewer socket of a user with `who` (a role, or a whole principal with its grants). */
  viewer(who: Role | Principal = 'viewer', options: { validate?: boolean } = {}): FakeViewer {
    return new FakeViewer(this.hub, typeof who === 'string' ? principal(who) : who, options);
  }
}
