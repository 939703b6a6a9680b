import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '@bosun/cli';
import {
  API_ROUTES,
  agentListResponseSchema,
  apiTokenCreatedSchema,
  EXAMPLES,
  type Role,
  type RouteAccess,
  SUBJECT_NAMES,
  searchResponseSchema,
  userResponseSchema,
} from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  type RunningContainer,
  runBosun,
  runContainer,
  type TestAgent,
  waitFor,
} from '../kit/index.ts';
import { joinTestAgent, type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { ApiClient, openLogsSocket, type ViewerSocket } from '../kit/test-manager.ts';
import {
  CALLERS,
  type Caller,
  type ContainerControl,
  GRANTED_ROLE,
  type HostSide,
  type MatrixBed,
  mayUse,
  refusal,
  SIDES,
  type Who,
} from './role-matrix-callers.ts';
import { ROUTE_CASES, type RouteCase } from './role-matrix-cases.ts';
import { CLI_CASES, CLI_NOT_IN_MATRIX } from './role-matrix-cli-cases.ts';
import { type Attempt, attemptOf, auditFacts, containerEntries } from './role-matrix-ledger.ts';

// Every HTTP route, the log socket, the event stream and every CLI command, for each role, a user
// with a per-host grant and no login, against a real manager with two real agents on one engine:
// allowed or refused, never in between.

const engine = engineFromEnv();
let bed: ManagerWithAgent;
let otherAgent: TestAgent;
let matrix: MatrixBed;
/** The two hosts: `granted` is the one granted to the `granted` column. */
const hosts = {} as Record<HostSide, { name: string; id: string }>;
let box: RunningContainer;
let configDir: string;
const callers = new Map<Who, Caller>();
const tokens = new Map<Who, string>();
/** Each logged-in caller's user id, as the audit log names its actor (`user:<id>`). */
const userIds = new Map<Who, string>();
let users = 0;

/** The bed as a host-scoped row on `side` sees it: `host` is that side's agent. */
function onSide(side: HostSide | undefined): MatrixBed {
  if (side === undefined || side === 'granted') return matrix;
  return { ...matrix, host: hosts.other.name, hostId: hosts.other.id };
}

/** Both sides for a host-scoped row, none for the others. */
const sidesOf = (row: { scoped?: true }): ReadonlyArray<HostSide | undefined> =>
  row.scoped ? SIDES : [undefined];

const sideName = (side: HostSide | undefined) =>
  side === undefined ? '' : side === 'granted' ? ' on the granted host' : ' on another host';

/** Every container action the matrix asked for, in order. */
const attempts: Attempt[] = [];

function attempted(
  who: Who,
  control: ContainerControl | undefined,
  side: HostSide | undefined,
  allowed: boolean,
): void {
  const attempt = control && attemptOf(who, control, onSide(side), side, allowed);
  if (attempt) attempts.push(attempt);
}

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'matrix-host', {
    limits: { loginPerIp: 10_000, tokenCreatePerUser: 10_000, eventStreamPingMs: 600_000 },
  });
  otherAgent = await joinTestAgent(bed.admin, { engine, name: 'matrix-other' });
  const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
  for (const [side, name] of [
    ['granted', 'matrix-host'],
    ['other', 'matrix-other'],
  ] as const) {
    hosts[side] = { name, id: agents.find((a) => a.name === name)!.id };
  }
  // `sleep` ignores SIGTERM as PID 1; this loop leaves at once, so stops do not wait out the grace.
  // Labelled for retention, so the stored-log and search rows read lines the store really holds.
  box = await runContainer(engine, {
    name: 'matrix',
    labels: { 'bosun.retain': 'true' },
    cmd: ['sh', '-c', 'echo matrix line; trap "exit 0" TERM; while true; do sleep 0.2; done'],
  });
  await bed.admin.waitForContainer({ id: box.id, agentName: hosts.granted.name });
  await bed.admin.waitForContainer({ id: box.id, agentName: hosts.other.name });
  for (const side of SIDES) await waitForStoredLine(hosts[side].name, box.id);
  const gone = await runContainer(engine, {
    name: 'matrix-gone',
    labels: { 'bosun.retain': 'true' },
    cmd: ['sh', '-c', 'echo matrix line of a removed container'],
  });
  for (const side of SIDES) await waitForStoredLine(hosts[side].name, gone.id);
  await gone.container.remove({ force: true });
  matrix = {
    url: bed.url,
    admin: bed.admin,
    host: hosts.granted.name,
    hostId: hosts.granted.id,
    containerId: box.id,
    removedName: gone.name,
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
    newCaller: async (who) => {
      const user = await matrix.createUser(who === 'granted' ? 'none' : who);
      if (who === 'granted') {
        const grant = `/api/users/${user.id}/grants/${hosts.granted.id}`;
        await bed.admin.ok('PUT', grant, { role: GRANTED_ROLE });
      }
      return { ...user, client: await ApiClient.login(bed.url, user.username, user.password) };
    },
  };
  for (const who of CALLERS) {
    if (who === 'anonymous') {
      callers.set(who, { who, client: new ApiClient(bed.url) });
      continue;
    }
    const { client } = who === 'admin' ? { client: bed.admin } : await matrix.newCaller(who);
    callers.set(who, { who, client });
    userIds.set(who, (await client.okExactly(userResponseSchema, 'GET', '/api/me')).user.id);
    const created = await client.okExactly(apiTokenCreatedSchema, 'POST', '/api/api-tokens', { name: 'cli' });
    tokens.set(who, created.token);
  }
  configDir = await mkdtemp(join(tmpdir(), 'bosun-matrix-cli-'));
});

afterAll(async () => {
  await otherAgent?.stop();
  await bed?.cleanup();
  await box?.container.remove({ force: true });
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

/** Waits until the manager's log store holds the matrix container's first line from `host`. */
async function waitForStoredLine(host: string, containerId: string): Promise<void> {
  const path = `/api/search?${new URLSearchParams({ q: 'matrix line', since: '1h', hosts: host })}`;
  await waitFor(
    async () => {
      const answer = await bed.admin.call('GET', path);
      const found = searchResponseSchema.safeParse(answer.body);
      return found.success && found.data.hits.some((hit) => hit.containerId === containerId);
    },
    { timeoutMs: 20_000, what: `the stored line of the matrix container on ${host}` },
  );
}

async function isRunning(): Promise<boolean> {
  return (await engine.docker.getContainer(box.id).inspect()).State.Running;
}

/** The status `caller` gets for `row`; a stream's from its head, its body then dropped. */
async function statusOf(
  row: RouteCase,
  caller: Caller,
  side: HostSide | undefined,
): Promise<{ status: number; body: unknown }> {
  const request = await row.request(onSide(side), caller);
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

  it.each(
    ROUTE_CASES.flatMap((row) =>
      sidesOf(row).map((side) => [`${rowName(row)}${sideName(side)}`, row, side] as const),
    ),
  )('%s', async (_name, row, side) => {
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const who of CALLERS) {
      const { status, body } = await statusOf(row, callers.get(who)!, side);
      const allowed = mayUse(who, row.least, side);
      attempted(who, row.control, side, allowed);
      if (allowed) {
        seen[who] = status;
        expected[who] = row.ok;
      } else {
        const refused = refusal(who, side);
        seen[who] = [status, (body as { error?: { code?: unknown } } | undefined)?.error?.code];
        expected[who] = [refused.status, refused.code];
      }
    }
    expect(seen).toEqual(expected);
  });

  it('a refused start, stop or restart leaves the container as it was', async () => {
    expect(await isRunning()).toBe(true);
    const refused: ReadonlyArray<readonly [Who, HostSide]> = [
      ['viewer', 'granted'],
      ['anonymous', 'granted'],
      ['granted', 'other'],
    ];
    for (const [who, side] of refused) {
      for (const action of ['stop', 'restart'] as const) {
        const path = `/api/agents/${onSide(side).host}/containers/${box.id}/${action}`;
        const answer = await callers.get(who)!.client.call('POST', path, {});
        expect([who, side, answer.status]).toEqual([who, side, refusal(who, side).status]);
        attempted(who, action, side, false);
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
    if (!mayUse(who, 'none')) {
      expect(opened).toMatchObject({ status: 401 });
      return;
    }
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status} ${opened.body}`);
    const { socket } = opened;
    try {
      // The container on each host; a host the caller may not see is not found.
      for (const side of SIDES) {
        const subscribed = await socket.request('logs.subscribe', {
          sub: side,
          agent: onSide(side).host,
          container: box.id,
          tail: 1,
        });
        expect([side, subscribed]).toEqual([
          side,
          mayUse(who, 'none', side)
            ? expect.objectContaining({ ok: true })
            : { ok: false, error: expect.objectContaining({ code: refusal(who, side).code }) },
        ]);
      }
      for (const subject of NOT_FOR_VIEWERS) {
        const example = EXAMPLES[subject].data as Record<string, unknown>;
        const data =
          subject.startsWith('container.') && 'id' in example ? { ...example, id: box.id } : example;
        expect([subject, await answerTo(socket, subject, data)]).toEqual([
          subject,
          { ok: false, error: expect.objectContaining({ code: 'forbidden' }) },
        ]);
      }
      expect(await socket.request('logs.unsubscribe', { sub: 'granted' })).toMatchObject({ ok: true });
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

  it.each(
    CLI_CASES.flatMap((row) =>
      sidesOf(row).map(
        (side) => [`${row.command}${row.label ? ` ${row.label}` : ''}${sideName(side)}`, row, side] as const,
      ),
    ),
  )('bosun %s', async (_name, row, side) => {
    const seen: Record<string, number | null> = {};
    const expected: Record<string, number> = {};
    for (const who of CALLERS) {
      const args = await row.args(onSide(side), callers.get(who)!);
      const result = await runBosun(args, { ...env(who), ...row.env });
      const allowed = mayUse(who, row.least, side);
      attempted(who, row.control, side, allowed);
      seen[who] = result.code;
      expected[who] = allowed
        ? EXIT.ok
        : refusal(who, side).status === 404
          ? EXIT.notFound
          : EXIT.unauthorized;
    }
    expect(seen).toEqual(expected);
  });

  it('bosun login works for every column and refuses a wrong password; bosun logout then ends it', async () => {
    for (const role of ['admin', 'operator', 'viewer', 'granted'] as const) {
      const user = await matrix.newCaller(role);
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
  // Read after every row above. The matrix sends each refused action a few times at most, below
  // the per-minute allowance of refusals written per (source, user, action): every one is a row
  // of its own, none summarised.
  it.each(CALLERS.map((who) => [who] as const))(
    'as %s: holds exactly the container actions the matrix asked for, in order, with user and source',
    async (who) => {
      const entries = await containerEntries(bed.admin);
      if (who === 'anonymous') {
        // No row from a caller without a login, nor from anyone the matrix did not act as.
        const actors = new Set([...userIds.values()].map((id) => `user:${id}`));
        expect(entries.filter((entry) => !actors.has(entry.actor))).toEqual([]);
        return;
      }
      const { username } = (await callers.get(who)!.client.okExactly(userResponseSchema, 'GET', '/api/me'))
        .user;
      const mine = entries.filter((entry) => entry.actor === `user:${userIds.get(who)}`);
      const asked = attempts.filter((attempt) => attempt.who === who);
      expect(mine.map(auditFacts)).toEqual(
        asked.map(({ action, target, outcome }) => ({
          actorName: username,
          action,
          target,
          outcome,
          source: '127.0.0.1',
        })),
      );
      expect(asked.length).toBeGreaterThan(0);
    },
  );
});
