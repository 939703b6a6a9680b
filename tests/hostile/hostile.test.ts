import {
  agentListResponseSchema,
  joinTokenCreatedSchema,
  type LogLine,
  logReadRecordSchema,
} from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BedHeaps, FaultBed, HOST } from '../faults/fault-bed.ts';
import { heapReturned } from '../faults/fault-figures.ts';
import { warmUp } from '../faults/fault-run.ts';
import { FaultViewer, type Watched } from '../faults/fault-viewer.ts';
import {
  dockerLogs,
  type Engine,
  entriesToStreams,
  type RunningContainer,
  runContainer,
  startEngine,
  waitFor,
  waitForExit,
} from '../kit/index.ts';
import { ApiClient, openViewer } from '../kit/test-manager.ts';
import { crossSiteRequests, crossSiteSockets, reboundHosts, sessionFixation } from './browser-attacks.ts';
import { injectCli } from './cli-injection.ts';
import { pastTheFileLimit } from './file-limit.ts';
import { fuzzAgentFirstFrames, fuzzViewer, fuzzViewerSocketEnds, fuzzWelcomedAgent } from './frame-fuzz.ts';
import { HostileTally, hostileLine, reportHostile } from './hostile-figures.ts';
import { HostileRandom, hostileSeed } from './hostile-random.ts';
import { injectRoutes } from './route-injection.ts';
import { type LoadReport, openFiles, SilentFlood } from './silent-flood.ts';
import { Slowloris } from './slowloris.ts';

// Hostile input against a live manager (`bosun manager` and the single-file agent as processes):
// fuzzed frames from both sides, sockets that never say hello, slowloris, injection on every route
// and CLI argument, session fixation, CSRF, cross-origin sockets and rebound Host headers.
// Afterwards the manager still serves correctly and its heap is back to its baseline. The cases
// are drawn from a printed seed (BOSUN_FC_SEED replays it); BOSUN_LONG=1 runs more of them.

const LONG = process.env.BOSUN_LONG === '1';
const SCALE = LONG ? 10 : 1;
const TIMEOUT_MS = LONG ? 1_200_000 : 300_000;
const FIRST_FRAMES = 60 * SCALE;
const FRAMES = 300 * SCALE;
const SILENT_SOCKETS = LONG ? 15_000 : 10_000;
// Sockets that send their upgrade at once, after the silent ones: enough to pass both pending
// bounds, few enough to connect well within the headers timeout on a busy machine.
const UPGRADING_SOCKETS = LONG ? 4_000 : 1_000;
const LOAD_PROCESSES = 4;
// 20 source addresses: 16 pending sockets each would be 320, past the manager's 256 in all, so
// both bounds are met.
const ADDRESSES_PER_PROCESS = 5;
// Where the route and rebinding requests come from: not the address the bed's clients log in
// from, so the login limits they run into are their own.
const INJECTION_ADDRESS = '127.0.0.3';
const SLOWLORIS_ADDRESS = '127.0.0.4';

const TICKER =
  'trap "exit 0" TERM; i=0; while [ $i -lt 1000 ]; do i=$((i+1)); echo "tick $i"; done; ' +
  'while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done';

const tally = new HostileTally();
let engine: Engine;
let bed: FaultBed;
let random: HostileRandom;
let baseline: BedHeaps;
let ticker: RunningContainer;
let watcher: FaultViewer;
let watched: Watched;
let fuzzViewerUser: { username: string; password: string; client: ApiClient };
const startedAt = performance.now();

function port(): number {
  return Number(new URL(bed.url).port);
}

/** Bed processes that are no longer running: a crash, whatever its cause. */
function crashes(): number {
  let gone = 0;
  for (const pid of [bed.manager.pid, bed.agent.pid]) {
    try {
      process.kill(pid, 0);
    } catch {
      gone += 1;
    }
  }
  return gone;
}

/** Waits until the watching viewer has `more` lines beyond what it holds now. */
async function streamGoesOn(more: number, what: string): Promise<void> {
  const held = watched.lines.length;
  await waitFor(() => watched.lines.length >= held + more, {
    timeoutMs: 30_000,
    what: `the real agent's stream to reach a viewer ${what}`,
  });
}

/**
 * A short first pass of each kind of hostile traffic, not counted: what the manager creates once
 * (schemas, routers, limiter state) is then in the heap's baseline, so the final measure shows
 * what the suite's traffic left behind.
 */
async function warmUpHostile(): Promise<void> {
  const ws = bed.url.replace(/^http/, 'ws');
  const warm = new HostileRandom(1);
  await fuzzAgentFirstFrames(`${ws}/ws/agent`, warm, 10);
  const target = { agent: HOST, container: ticker.id };
  await fuzzViewer(`${ws}/ws/logs`, fuzzViewerUser.client.headersForSocket(), target, warm, 30);
  const flood = SilentFlood.start(port(), 400, 1, 2);
  try {
    await flood.connected();
    flood.upgrade();
    await flood.done(60_000);
  } finally {
    flood.stop();
  }
  const auth = { Cookie: bed.admin.cookie ?? '', Origin: new URL(bed.url).origin };
  await injectRoutes({ port: port(), localAddress: INJECTION_ADDRESS }, auth, warm, 0);
}

const SERVED_WHILE_HELD = 20;

/** Health checks answered while every trickling connection is still held, up to `SERVED_WHILE_HELD`. */
async function servedWhileHeld(slow: Slowloris): Promise<number> {
  const all = slow.open();
  let served = 0;
  while (served < SERVED_WHILE_HELD && slow.open() === all) {
    if ((await fetch(`${bed.url}/healthz`)).status === 200) served += 1;
  }
  return served;
}

beforeAll(async () => {
  engine = await startEngine('hostile');
  bed = await FaultBed.start(engine);
  await warmUp(bed);
  random = new HostileRandom(hostileSeed());
  const password = 'hostile-viewer password';
  const { client } = await bed.admin.newUser('hostile-viewer', 'viewer');
  fuzzViewerUser = { username: 'hostile-viewer', password, client };
  // A stream that runs through the whole suite, watched as the web UI watches it.
  // Its first thousand lines at once fill the manager's ring for it before the baseline is taken.
  ticker = await runContainer(engine, { name: 'hostile-ticker', cmd: ['sh', '-c', TICKER] });
  watcher = new FaultViewer(bed.url, bed.viewerHeaders());
  watched = await watcher.watch(HOST, ticker.id);
  await streamGoesOn(5, 'before the suite');
  await warmUpHostile();
  baseline = await bed.heaps();
});

afterAll(async () => {
  watcher?.close();
  await ticker?.container.remove({ force: true }).catch(() => {});
  await bed?.close();
  await engine?.stop();
});

describe('hostile input against a live manager', () => {
  it(
    'frames from the agent side: fuzzed first frames, then a welcomed agent sending hostile frames',
    async () => {
      tally.add(
        'agent first frames',
        await fuzzAgentFirstFrames(`${bed.url.replace(/^http/, 'ws')}/ws/agent`, random, FIRST_FRAMES),
      );
      const { token } = await bed.admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {
        name: 'fuzz-agent',
      });
      tally.add(
        'agent frames',
        await fuzzWelcomedAgent(`${bed.url.replace(/^http/, 'ws')}/ws/agent`, token, random, FRAMES),
      );
      // The fuzz agent goes, and with it what it made the manager hold.
      const { agents } = await bed.admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      for (const agent of agents.filter((a) => a.name !== HOST))
        await bed.admin.ok('DELETE', `/api/agents/${agent.id}`);
      await streamGoesOn(5, 'after the agent-side fuzz');
      expect(crashes()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'frames from the viewer side: a logged-in viewer sending hostile frames, sockets the socket layer closes',
    async () => {
      const headers = fuzzViewerUser.client.headersForSocket();
      const logsUrl = `${bed.url.replace(/^http/, 'ws')}/ws/logs`;
      tally.add(
        'viewer frames',
        await fuzzViewer(logsUrl, headers, { agent: HOST, container: ticker.id }, random, FRAMES),
      );
      tally.add('viewer socket ends', await fuzzViewerSocketEnds(logsUrl, headers, random, 8 * SCALE));
      await streamGoesOn(5, 'after the viewer-side fuzz');
      expect(crashes()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    `${SILENT_SOCKETS} sockets that never say hello, from load processes, while an agent streams and a viewer watches`,
    async () => {
      const before = openFiles(bed.manager.pid);
      const flood = SilentFlood.start(port(), SILENT_SOCKETS, LOAD_PROCESSES, ADDRESSES_PER_PROCESS);
      try {
        const connected = await flood.connected();
        // Every socket is connected and silent: the manager holds them all at once, once it has
        // accepted what the kernel queued for it. On a busy machine accepting them all can take
        // longer than the manager's 20 s headers timeout, which then starts closing the first
        // ones (408): the peak is then below the total, and the answers below account for it.
        let peak = 0;
        await waitFor(
          () => {
            const files = openFiles(bed.manager.pid);
            peak = Math.max(peak, files);
            return files >= before + connected || flood.silenceTimeoutsBegan();
          },
          {
            timeoutMs: 90_000,
            what: 'the manager to hold every silent socket, or to begin closing them for their silence',
            detail: () => `${openFiles(bed.manager.pid)}`,
          },
        );
        await streamGoesOn(5, 'while the sockets are held');
        // Those still open ask for /ws/agent now; on a quiet machine the headers timeout has
        // usually closed them all (408) by then.
        flood.upgrade();
        const held = answersOf(await flood.done(120_000));
        console.log(
          `HOSTILE silent sockets: ${connected} connected, manager files ${before}→${peak} at the peak, ` +
            `answers ${JSON.stringify(held.statuses)}`,
        );
        expect(connected).toBe(SILENT_SOCKETS);
        // Each socket was closed for its silence before it asked (408), or asked and was refused
        // (429) or let wait for its hello and then closed; none got more.
        expect(held.accepted + held.count('429') + held.count('408')).toBe(SILENT_SOCKETS);
        expect(held.toldToGo).toBe(held.accepted);
        expect(held.mostFromOneAddress).toBeLessThanOrEqual(16);
        flood.stop();

        // Then sockets that upgrade to /ws/agent at once and never say hello: the pending
        // bounds (16 per address, 256 in all) hold, the rest are refused, and those let in are
        // closed at the hello deadline, while the stream goes on and viewers still come in.
        const burst = SilentFlood.start(port(), UPGRADING_SOCKETS, LOAD_PROCESSES, ADDRESSES_PER_PROCESS);
        try {
          const asking = await burst.connected();
          burst.upgrade();
          const late = await openViewer(bed.url, bed.viewerHeaders());
          late.close();
          await streamGoesOn(5, 'while the upgrades wait for their hello');
          const upgrades = answersOf(await burst.done(120_000));
          console.log(
            `HOSTILE upgrading sockets: ${asking} connected, answers ${JSON.stringify(upgrades.statuses)}, ` +
              `${upgrades.toldToGo} closed at the hello deadline, ` +
              `most let in from one address ${upgrades.mostFromOneAddress}`,
          );
          expect(asking).toBe(UPGRADING_SOCKETS);
          expect(upgrades.accepted).toBeGreaterThan(0);
          expect(upgrades.accepted).toBeLessThanOrEqual(256);
          expect(upgrades.mostFromOneAddress).toBeLessThanOrEqual(16);
          expect(upgrades.accepted + upgrades.count('429') + upgrades.count('408')).toBe(UPGRADING_SOCKETS);
          expect(upgrades.toldToGo).toBe(upgrades.accepted);
          tally.add('upgrading sockets', { cases: asking, refused: asking });
        } finally {
          burst.stop();
        }
        tally.add('silent sockets', { cases: connected, refused: connected });
        await bed.waitForAgentOnline(10_000);
        expect(crashes()).toBe(0);
      } finally {
        flood.stop();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'slowloris on HTTP is dropped, while injection on every route and CLI argument is answered',
    async () => {
      const slow = await Slowloris.start(port(), SLOWLORIS_ADDRESS, 10);
      try {
        const auth = { Cookie: bed.admin.cookie ?? '', Origin: new URL(bed.url).origin };
        const target = { port: port(), localAddress: INJECTION_ADDRESS };
        const [served, routes, cli] = await Promise.all([
          servedWhileHeld(slow),
          injectRoutes(target, auth, random, 20 * (SCALE - 1)),
          injectCli(bed.cliEnv, HOST),
        ]);
        expect(served).toBe(SERVED_WHILE_HELD);
        tally.add('route injection', routes);
        tally.add('command lines', cli);
        const dropped = await slow.dropped(90_000);
        console.log(`HOSTILE slowloris: ${dropped.statuses}`);
        tally.add('slowloris', dropped);
        expect(dropped.refused).toBe(dropped.cases);
        await bed.admin.ok('GET', '/api/agents');
        expect(crashes()).toBe(0);
      } finally {
        slow.stop();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'session fixation, cross-site requests and cross-origin log sockets are refused',
    async () => {
      tally.add(
        'session fixation',
        await sessionFixation(bed.url, {
          username: fuzzViewerUser.username,
          password: fuzzViewerUser.password,
        }),
      );
      tally.add('cross-site requests', await crossSiteRequests(bed.url, bed.admin.cookie ?? ''));
      tally.add('cross-site sockets', await crossSiteSockets(bed.url, bed.admin.cookie ?? ''));
    },
    TIMEOUT_MS,
  );

  it(
    'DNS-rebinding Host headers are refused 403 forbidden',
    async () => {
      tally.add(
        'rebound hosts',
        await reboundHosts({ port: port(), localAddress: INJECTION_ADDRESS }, bed.admin.cookie ?? ''),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'past its file limit a manager drops new connections and lives on',
    async () => {
      tally.add('past the file limit', await pastTheFileLimit(128, 300));
    },
    TIMEOUT_MS,
  );

  it(
    'afterwards the manager serves correctly, with its heap back to its baseline',
    async () => {
      const admin = await ApiClient.login(bed.url, 'admin', 'fault suite admin password');
      const { agents } = await admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      expect(agents.filter((a) => a.online).map((a) => a.name)).toEqual([HOST]);
      const c = await runContainer(engine, {
        name: 'hostile-after',
        cmd: ['sh', '-c', 'for i in $(seq 1 500); do echo "after $i"; done; echo "to stderr" >&2'],
      });
      await waitForExit(engine, c.id);
      await admin.waitForContainer({ id: c.id });
      const response = await admin.fetch('GET', `/api/logs?agent=${HOST}&container=${c.id}&tail=all`);
      expect(response.status).toBe(200);
      const lines = (await response.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => logReadRecordSchema.parse(JSON.parse(line)) as LogLine);
      const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
      const got = entriesToStreams(lines);
      expect(got.stdout.equals(expected.stdout)).toBe(true);
      expect(got.stderr.equals(expected.stderr)).toBe(true);
      await c.container.remove({ force: true });

      watcher.close();
      await ticker.container.remove({ force: true });
      const heaps = await bed.heapsAfter(baseline);
      const line = hostileLine(tally, crashes(), heaps.manager, (performance.now() - startedAt) / 1000);
      reportHostile(line);
      expect(crashes()).toBe(0);
      expect(heapReturned(heaps.manager)).toBe(true);
    },
    TIMEOUT_MS,
  );
});

/** What the load processes saw of their sockets, added up. */
function answersOf(reports: LoadReport[]) {
  const statuses: Record<string, number> = {};
  const acceptedBy: Record<string, number> = {};
  for (const report of reports) {
    for (const [status, n] of Object.entries(report.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    for (const [address, n] of Object.entries(report.acceptedBy))
      acceptedBy[address] = (acceptedBy[address] ?? 0) + n;
  }
  return {
    statuses,
    accepted: statuses['101'] ?? 0,
    count: (status: string) => statuses[status] ?? 0,
    toldToGo: reports.reduce((sum, r) => sum + r.toldToGo, 0),
    mostFromOneAddress: Math.max(0, ...Object.values(acceptedBy)),
  };
}
