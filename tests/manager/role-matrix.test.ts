import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '@bosun/cli';
import {
  API_ROUTES,
  agentListResponseSchema,
  apiTokenCreatedSchema,
  auditEntryViewSchema,
  EXAMPLES,
  type Role,
  type RouteAccess,
  SUBJECT_NAMES,
  userResponseSchema,
} from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, type RunningContainer, runBosun, runContainer, waitFor } from '../kit/index.ts';
import { type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { ApiClient, openLogsSocket, type ViewerSocket } from '../kit/test-manager.ts';
import {
  CALLERS,
  type Caller,
  type ContainerControl,
  type MatrixBed,
  mayUse,
  ROUTE_CASES,
  type RouteCase,
  refusedStatus,
  type Who,
} from './role-matrix-cases.ts';
import { CLI_CASES, CLI_NOT_IN_MATRIX } from './role-matrix-cli-cases.ts';

// Every HTTP route, the log socket, the event stream and every CLI command, for each role and for
// no login, against a real manager with a real agent: allowed or refused, never in between.

const engine = engineFromEnv();
let bed: ManagerWithAgent;
let matrix: MatrixBed;
let box: RunningContainer;
let configDir: string;
const callers = new Map<Who, Caller>();
const tokens = new Map<Who, string>();
/** Each logged-in caller's user id, as the audit log names its actor (`user:<id>`). */
const userIds = new Map<Who, string>();
let users = 0;

/** A container action the matrix asked for, as the audit log must show it. */
type Attempt = { who: Who; action: string; target: string; outcome: 'ok' | 'denied' };
/** Every container action the matrix asked for, in order. */
const attempts: Attempt[] = [];

// An allowed action is recorded under the ids the manager resolved; a refused one under the
// references it was asked with (the refusal comes before any lookup). A caller without a login is
// refused before it is anyone, so its attempts leave no row.
function attempted(who: Who, control: ContainerControl | undefined, allowed: boolean): void {
  if (control === undefined || who === 'anonymous') return;
  attempts.push({
    who,
    action: `container.${control}`,
    target: allowed ? `${matrix.hostId}/${matrix.containerId}` : `${matrix.host}/${matrix.containerId}`,
    outcome: allowed ? 'ok' : 'denied',
  });
}

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'matrix-host', {
    limits: { loginPerIp: 10_000, tokenCreatePerUser: 10_000, eventStreamPingMs: 600_000 },
  });
  const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
  // `sleep` ignores SIGTERM as PID 1; this loop leaves at once, so stops do not wait out the grace.
  box = await runContainer(engine, {
    name: 'matrix',
    cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'],
  });
  await bed.admin.waitForContainer({ id: box.id });
  matrix = {
    url: bed.url,
    admin: bed.admin,
    host: 'matrix-host',
    hostId: agents.find((a) => a.name === 'matrix-host')!.id,
    containerId: box.id,
    createUser: async (role: Role) => {
      const username = `matrix-${role}-${++users}`;
      const password = `${username} password`;
      const { user } = await bed.admin.okExactly(userResponseSchema, 'POST', '/api/users', {
        username,
        password,
        role,
      });
      return { id: user.id, username, password };
    },
    newUser: async (role: Role) => {
      const user = await matrix.createUser(role);
      return { ...user, client: await ApiClient.login(bed.url, user.username, user.password) };
    },
  };
  for (const who of CALLERS) {
    if (who === 'anonymous') {
      callers.set(who, { who, client: new ApiClient(bed.url) });
      continue;
    }
    const { client } = who === 'admin' ? { client: bed.admin } : await matrix.newUser(who);
    callers.set(who, { who, client });
    userIds.set(who, (await client.okExactly(userResponseSchema, 'GET', '/api/me')).user.id);
    const created = await client.okExactly(apiTokenCreatedSchema, 'POST', '/api/api-tokens', { name: 'cli' });
    tokens.set(who, created.token);
  }
  configDir = await mkdtemp(join(tmpdir(), 'bosun-matrix-cli-'));
});

afterAll(async () => {
  await bed?.cleanup();
  await box?.container.remove({ force: true });
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

async function isRunning(): Promise<boolean> {
  return (await engine.docker.getContainer(box.id).inspect()).State.Running;
}

/** The status `caller` gets for `row`; a stream's from its head, its body then dropped. */
async function statusOf(row: RouteCase, caller: Caller): Promise<{ status: number; body: unknown }> {
  const request = await row.request(matrix, caller);
  const client = request.client ?? caller.client;
  if (!row.stream) {
    const answer = await client.call(request.method, request.path, request.body);
    return { status: answer.status, body: answer.body };
  }
  const controller = new AbortController();
  const response = await fetch(`${bed.url}${request.path}`, {
    headers: client.headersForSocket(),
    signal: controller.signal,
  });
  const body = response.ok ? undefined : await response.json();
  controller.abort();
  return { status: response.status, body };
}

const rowName = (row: RouteCase) =>
  `${API_ROUTES[row.route].method} ${API_ROUTES[row.route].path}${row.label ? ` (${row.label})` : ''}`;

describe('HTTP routes', () => {
  it('the matrix has a row for every route of API_ROUTES at the access it declares, and none below', () => {
    const declared = (row: RouteCase) => API_ROUTES[row.route].access as RouteAccess;
    const covered = new Set(ROUTE_CASES.filter((row) => row.least === declared(row)).map((row) => row.route));
    expect(Object.keys(API_ROUTES).filter((name) => !covered.has(name as RouteCase['route']))).toEqual([]);
    // A row may need more than its route declares (an admins-only query), never less.
    const below = ROUTE_CASES.filter((row) =>
      CALLERS.some((who) => mayUse(who, row.least) && !mayUse(who, declared(row))),
    );
    expect(below.map(rowName)).toEqual([]);
  });

  it.each(ROUTE_CASES.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    const seen: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const who of CALLERS) {
      const { status, body } = await statusOf(row, callers.get(who)!);
      attempted(who, row.control, mayUse(who, row.least));
      seen[who] = status;
      expected[who] = mayUse(who, row.least) ? row.ok : refusedStatus(who);
      if (!mayUse(who, row.least)) {
        expect(body).toMatchObject({ error: { code: who === 'anonymous' ? 'unauthorized' : 'forbidden' } });
      }
    }
    expect(seen).toEqual(expected);
  });

  it('a refused start, stop or restart leaves the container as it was', async () => {
    expect(await isRunning()).toBe(true);
    for (const who of ['viewer', 'anonymous'] as const) {
      for (const action of ['stop', 'restart'] as const) {
        const path = `/api/agents/${matrix.host}/containers/${box.id}/${action}`;
        expect((await callers.get(who)!.client.call('POST', path, {})).status).toBe(refusedStatus(who));
        attempted(who, action, false);
      }
    }
    expect(await isRunning()).toBe(true);
  });
});

/** The error code of the answer to one raw request frame on the log socket. */
async function answerTo(socket: ViewerSocket, subject: string, data: unknown): Promise<unknown> {
  const inbox = `_inbox.00000000-0000-4000-8000-${String(++users).padStart(12, '0')}`;
  socket.ws.send(JSON.stringify({ subject, reply: inbox, data }));
  return waitFor(
    () => {
      const frame = socket.frames.find((f) => f.subject === inbox);
      return frame ? (frame.data as { ok: boolean; error?: { code: string } }) : undefined;
    },
    { timeoutMs: 5_000, what: `the answer to ${subject}` },
  );
}

// What a viewer could try on the log socket that only agents or the manager send: control
// requests above all. Each is sent with valid data, aimed at the real container where it names one.
const NOT_FOR_VIEWERS = SUBJECT_NAMES.filter(
  (subject) => !['logs.subscribe', 'logs.unsubscribe', 'error'].includes(subject),
);

describe('the log socket (/ws/logs)', () => {
  it.each(CALLERS.map((who) => [who] as const))('as %s', async (who) => {
    const opened = await openLogsSocket(bed.url, callers.get(who)!.client.headersForSocket());
    if (!mayUse(who, 'viewer')) {
      expect(opened).toMatchObject({ status: 401 });
      return;
    }
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status} ${opened.body}`);
    const { socket } = opened;
    try {
      const subscribed = await socket.request('logs.subscribe', {
        sub: 's1',
        agent: matrix.host,
        container: box.id,
        tail: 1,
      });
      expect(subscribed).toMatchObject({ ok: true });
      for (const subject of NOT_FOR_VIEWERS) {
        const example = EXAMPLES[subject].data as Record<string, unknown>;
        const data =
          subject.startsWith('container.') && 'id' in example ? { ...example, id: box.id } : example;
        expect([subject, await answerTo(socket, subject, data)]).toEqual([
          subject,
          { ok: false, error: expect.objectContaining({ code: 'forbidden' }) },
        ]);
      }
      expect(await socket.request('logs.unsubscribe', { sub: 's1' })).toMatchObject({ ok: true });
      expect(socket.closed).toBeUndefined();
      expect(await isRunning()).toBe(true);
    } finally {
      socket.close();
    }
  });
});

describe('the CLI', () => {
  const env = (who: Who) => ({
    BOSUN_CONFIG: join(configDir, `${who}.json`),
    BOSUN_MANAGER: bed.url,
    BOSUN_TOKEN: tokens.get(who) ?? '',
    BOSUN_PASSWORD: '',
  });

  /** The commands `bosun ...parent --help` lists, less `help`. */
  async function commandsOf(parent: readonly string[]): Promise<string[]> {
    const help = await runBosun([...parent, '--help']);
    const section = help.stdout.toString('utf8').split(/^Commands:$/m)[1] ?? '';
    return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
  }

  it('the matrix has a row for every command and subcommand of bosun', async () => {
    const commands = await commandsOf([]);
    expect(commands.length).toBeGreaterThan(0);
    const listed = (
      await Promise.all(
        commands
          .filter((command) => !CLI_NOT_IN_MATRIX.includes(command))
          .map(async (command) => {
            const subcommands = await commandsOf([command]);
            return subcommands.length === 0 ? [command] : subcommands.map((sub) => `${command} ${sub}`);
          }),
      )
    ).flat();
    const covered = new Set(CLI_CASES.map((row) => row.command));
    expect(listed.filter((command) => !covered.has(command))).toEqual([]);
  });

  it.each(CLI_CASES.map((row) => [`${row.command}${row.label ? ` ${row.label}` : ''}`, row] as const))(
    'bosun %s',
    async (_name, row) => {
      const seen: Record<string, number | null> = {};
      const expected: Record<string, number> = {};
      for (const who of CALLERS) {
        const result = await runBosun(await row.args(matrix, callers.get(who)!), env(who));
        attempted(who, row.control, mayUse(who, row.least));
        seen[who] = result.code;
        expected[who] = mayUse(who, row.least) ? EXIT.ok : EXIT.unauthorized;
      }
      expect(seen).toEqual(expected);
    },
  );

  it('bosun login works for every role and refuses a wrong password; bosun logout then ends it', async () => {
    for (const role of ['admin', 'operator', 'viewer'] as const) {
      const user = await matrix.newUser(role);
      const own = { ...env('anonymous'), BOSUN_CONFIG: join(configDir, `login-${role}.json`) };
      const login = await runBosun(['login', '--user', user.username], {
        ...own,
        BOSUN_PASSWORD: user.password,
      });
      expect([role, login.code]).toEqual([role, EXIT.ok]);
      expect((await runBosun(['hosts'], own)).code).toBe(EXIT.ok);
      expect((await runBosun(['logout'], own)).code).toBe(EXIT.ok);
      expect((await runBosun(['hosts'], own)).code).toBe(EXIT.unauthorized);
    }
    const wrong = await runBosun(['login', '--user', 'admin'], {
      ...env('anonymous'),
      BOSUN_PASSWORD: 'not it',
    });
    expect(wrong.code).toBe(EXIT.unauthorized);
  });
});

describe('the audit log', () => {
  // Read after every row above: the export, oldest first, of every container action by anyone.
  async function containerEntries() {
    const response = await bed.admin.fetch('GET', '/api/audit/export?action=container.');
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\n').filter((line) => line !== '');
    return lines.map((line) => auditEntryViewSchema.parse(JSON.parse(line))).reverse();
  }

  // The matrix sends each refused action a few times at most, below the per-minute allowance of
  // refusals written per (source, user, action): every one is a row of its own, none summarised.
  it.each(CALLERS.map((who) => [who] as const))(
    'as %s: holds exactly the container actions the matrix asked for, in order, with user and source',
    async (who) => {
      const entries = await containerEntries();
      if (who === 'anonymous') {
        // No row from a caller without a login, nor from anyone the matrix did not act as.
        const actors = new Set([...userIds.values()].map((id) => `user:${id}`));
        expect(entries.filter((entry) => !actors.has(entry.actor))).toEqual([]);
        return;
      }
      const user = userIds.get(who)!;
      const username = (await callers.get(who)!.client.okExactly(userResponseSchema, 'GET', '/api/me')).user
        .username;
      const mine = entries.filter((entry) => entry.actor === `user:${user}`);
      expect(
        mine.map(({ actorName, action, target, outcome, source }) => ({
          actorName,
          action,
          target,
          outcome,
          source,
        })),
      ).toEqual(
        attempts
          .filter((attempt) => attempt.who === who)
          .map(({ action, target, outcome }) => ({
            actorName: username,
            action,
            target,
            outcome,
            source: '127.0.0.1',
          })),
      );
      expect(mine.length).toBeGreaterThan(0);
    },
  );
});
