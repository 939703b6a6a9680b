import { EXAMPLE_HOST_FACTS, PROTOCOL_VERSION, type Subject } from '@bosun/protocol';
import {
  exampleFrame,
  type HostileFrame,
  hostileFrame,
  oversizedFrame,
  socketEndingFrame,
} from './frame-mutations.ts';
import { FuzzSocket } from './fuzz-socket.ts';
import type { CaseCount } from './hostile-figures.ts';
import type { HostileRandom } from './hostile-random.ts';

/** What an agent sends, besides replies. */
const FROM_AGENT: readonly Subject[] = [
  'agent.hello',
  'agent.heartbeat',
  'docker.status',
  'container.event',
  'log.batch',
  'log.stream.error',
  'log.read.batch',
];
/** Subjects an agent may not send: the manager's requests to it, and a viewer's. */
const NOT_FROM_AGENT: readonly Subject[] = [
  'container.list',
  'container.stop',
  'log.stream.start',
  'logs.subscribe',
  'logs.batch',
];
const NOT_FROM_VIEWER: readonly Subject[] = [
  'agent.hello',
  'container.stop',
  'log.read',
  'log.batch',
  'logs.batch',
  'error',
];

// Sockets in flight at once before the hello: well under the manager's pending sockets per address.
const PARALLEL = 4;
// An agent socket that has not said hello is closed by the manager within its hello deadline (10 s).
const CLOSE_TIMEOUT_MS = 30_000;

/** A hello with protocol's example facts and `auth`. */
export function helloData(name: string, auth: Record<string, string>) {
  return { protocol: PROTOCOL_VERSION, agentVersion: '0.1.0', name, host: EXAMPLE_HOST_FACTS, auth };
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++] as T);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

/**
 * `cases` fresh sockets on /ws/agent, each sending one hostile first frame (mutated hellos with
 * made-up join tokens and credentials among them, frames the socket layer refuses). Each must be
 * closed by the manager without a welcome.
 */
export async function fuzzAgentFirstFrames(
  agentUrl: string,
  random: HostileRandom,
  cases: number,
): Promise<CaseCount> {
  const valid = [
    exampleFrame('agent.hello', helloData('fuzz', { joinToken: 'jt_5bY2kQ9wXr3vTn8mPz4L' })),
    exampleFrame('agent.hello', helloData('fuzz', { credential: 'cr_Zq8vN3xW5tKp2LmR7yBd9FhJ' })),
    ...FROM_AGENT.map((subject) => exampleFrame(subject)),
  ];
  // Drawn before any socket opens, so the seed alone decides them whatever the sockets' timing.
  const frames: HostileFrame[] = Array.from({ length: cases }, () =>
    random.int(8) === 0 ? socketEndingFrame(random) : hostileFrame(random, valid, NOT_FROM_AGENT),
  );
  let refused = 0;
  await inParallel(frames, async (frame) => {
    const socket = await FuzzSocket.open(agentUrl);
    socket.send(frame);
    await socket.whenClosed(CLOSE_TIMEOUT_MS, `the manager to close an agent socket after ${frame.what}`);
    if (socket.welcomed()) throw new Error(`an agent socket was welcomed after ${frame.what}`);
    refused += 1;
  });
  return { cases, refused };
}

/**
 * An agent that joined with `joinToken`, then sends `cases` hostile frames on its one socket (and
 * two frames over the protocol's limit): each is answered or ignored, and the socket stays open.
 */
export async function fuzzWelcomedAgent(
  agentUrl: string,
  joinToken: string,
  random: HostileRandom,
  cases: number,
): Promise<CaseCount> {
  const socket = await FuzzSocket.open(agentUrl);
  try {
    const welcome = await socket.request('agent.hello', helloData('fuzz-agent', { joinToken }));
    if (!socket.welcomed()) throw new Error(`the fuzz agent was not welcomed: ${JSON.stringify(welcome)}`);
    const valid = FROM_AGENT.map((subject) => exampleFrame(subject));
    return await exchangeAll(socket, random, cases, valid, NOT_FROM_AGENT, 'the fuzz agent');
  } finally {
    socket.close();
  }
}

/**
 * A logged-in viewer's one socket on /ws/logs, sent `cases` hostile frames (mutated
 * `logs.subscribe` and `logs.unsubscribe`, some of a real container): each is answered or
 * ignored, the socket stays open, and a valid subscription still works afterwards.
 */
export async function fuzzViewer(
  logsUrl: string,
  headers: Record<string, string>,
  target: { agent: string; container: string },
  random: HostileRandom,
  cases: number,
): Promise<CaseCount> {
  const socket = await FuzzSocket.open(logsUrl, headers);
  try {
    const valid = [
      exampleFrame('logs.subscribe', { sub: 's1', ...target, tail: 5 }),
      exampleFrame('logs.subscribe'),
      exampleFrame('logs.unsubscribe', { sub: 's1' }),
    ];
    const count = await exchangeAll(socket, random, cases, valid, NOT_FROM_VIEWER, 'the fuzz viewer');
    const reply = await socket.request('logs.subscribe', { sub: 'after-fuzz', ...target, tail: 1 });
    if (JSON.stringify(reply?.data).includes('"ok":false') || reply === undefined)
      throw new Error(`a valid subscription after the fuzz failed: ${JSON.stringify(reply)}`);
    return count;
  } finally {
    socket.close();
  }
}

/** `cases` fresh viewer sockets, each sent a frame the socket layer refuses: each is closed. */
export async function fuzzViewerSocketEnds(
  logsUrl: string,
  headers: Record<string, string>,
  random: HostileRandom,
  cases: number,
): Promise<CaseCount> {
  const frames = Array.from({ length: cases }, () => socketEndingFrame(random));
  let refused = 0;
  await inParallel(frames, async (frame) => {
    const socket = await FuzzSocket.open(logsUrl, headers);
    socket.send(frame);
    await socket.whenClosed(CLOSE_TIMEOUT_MS, `the manager to close a viewer socket after ${frame.what}`);
    refused += 1;
  });
  return { cases, refused };
}

async function exchangeAll(
  socket: FuzzSocket,
  random: HostileRandom,
  cases: number,
  valid: Parameters<typeof hostileFrame>[1],
  foreign: readonly Subject[],
  who: string,
): Promise<CaseCount> {
  let refused = 0;
  for (let i = 0; i < cases; i++) {
    // Two frames just over the protocol's limit per run: refused, yet the socket lives on.
    const frame = i % Math.ceil(cases / 2) === 1 ? oversizedFrame() : hostileFrame(random, valid, foreign);
    if ((await socket.exchange(frame)) === 'refused') refused += 1;
    if (socket.closed)
      throw new Error(`${who}'s socket was closed after ${frame.what}: ${JSON.stringify(socket.closed)}`);
  }
  return { cases, refused };
}
