import type { ContainerDetails, ContainerEvent, ContainerSummary } from './container.ts';
import type { WireError } from './errors.ts';
import type { HostFacts } from './host.ts';
import type { LogEntry, LogLine } from './logs.ts';
import { packLogLines } from './packed-log-lines.ts';
import type { DataOf, RequestSubject, ResultOf, Subject } from './subjects.ts';
import { PROTOCOL_VERSION } from './wire-compat.ts';

// Valid sample values for every subject, shared by this package's tests and by other packages'
// tests that need a well-formed frame without building one by hand.

/** A sample full container id. */
export const EXAMPLE_CONTAINER_ID = '3f2c1a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243a';
/** A sample agent id. */
export const EXAMPLE_AGENT_ID = 'agt_7Hq2xV9kLm';
/** A sample reply inbox. */
export const EXAMPLE_INBOX = '_inbox.6f1d2c3b-4a59-4e87-b6a5-0c1d2e3f4a5b';

/** Sample host facts, as an agent's hello carries them. */
export const EXAMPLE_HOST_FACTS: HostFacts = {
  hostname: 'web-1',
  os: 'linux',
  arch: 'x64',
  cpus: 8,
  memoryBytes: 16_777_216_000,
  dockerVersion: '27.3.1',
  dockerApiVersion: '1.47',
};

/** A sample container list row, with every optional field set. */
export const EXAMPLE_CONTAINER_SUMMARY: ContainerSummary = {
  id: EXAMPLE_CONTAINER_ID,
  name: 'shop-api-1',
  image: 'ghcr.io/acme/shop-api:2.4.0',
  state: 'running',
  status: 'Up 2 hours (healthy)',
  createdAt: 1_764_040_766,
  ports: [
    { privatePort: 8080, publicPort: 80, ip: '0.0.0.0', type: 'tcp' },
    { privatePort: 9090, type: 'tcp' },
  ],
  labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api' },
  tty: false,
  health: 'healthy',
  startedAt: '2026-11-25T01:19:26.731852064Z',
  finishedAt: '2026-11-24T22:02:10.5Z',
  exitCode: 137,
};

/** A sample inspected container (its `finishedAt` is Go's zero time: never finished). */
export const EXAMPLE_CONTAINER_DETAILS: ContainerDetails = {
  ...EXAMPLE_CONTAINER_SUMMARY,
  startedAt: '2026-11-25T01:19:26.731852064Z',
  finishedAt: '0001-01-01T00:00:00Z',
  exitCode: 0,
  restartCount: 1,
  command: ['node', 'server.js', '--port', '8080'],
};

/** A sample container event with its fresh summary. */
export const EXAMPLE_CONTAINER_EVENT: ContainerEvent = {
  id: EXAMPLE_CONTAINER_ID,
  name: 'shop-api-1',
  action: 'start',
  state: 'running',
  at: '2026-11-25T03:19:26.123456789Z',
  container: EXAMPLE_CONTAINER_SUMMARY,
};

/** Sample lines, one of them base64, truncated and partial. */
export const EXAMPLE_LOG_LINES: LogLine[] = [
  {
    kind: 'line',
    seq: 41,
    ts: '2026-11-25T03:19:26.123456789Z',
    stream: 'stdout',
    text: 'listening on :8080',
  },
  { kind: 'line', seq: 42, ts: '2026-11-25T03:19:26.2Z', stream: 'stderr', text: 'warn: slow query\r' },
  {
    kind: 'line',
    seq: 43,
    ts: '2026-11-25T03:19:27.000000001Z',
    stream: 'stdout',
    text: '/w==',
    encoding: 'base64',
    truncated: true,
    partial: true,
  },
];

/** The sample lines followed by one marker of each kind. */
export const EXAMPLE_LOG_ENTRIES: LogEntry[] = [
  ...EXAMPLE_LOG_LINES,
  { kind: 'gap', fromSeq: 44, toSeq: 60, reason: 'agent_backpressure' },
  { kind: 'restart', afterSeq: 60, ts: '2026-11-25T03:20:01.5Z', reason: 'exit code 137' },
  { kind: 'end', afterSeq: 60, ts: '2026-11-25T03:25:00Z', reason: 'removed', message: 'container removed' },
];

/** A sample wire error with details. */
export const EXAMPLE_WIRE_ERROR: WireError = {
  code: 'not_found',
  message: 'no such container: shop-api-9',
  details: { container: 'shop-api-9' },
};

/** A request subject's sample data and result. */
export interface RequestExample<S extends RequestSubject> {
  data: DataOf<S>;
  result: ResultOf<S>;
}

/** A push subject's sample data. */
export interface PushExample<S extends Subject> {
  data: DataOf<S>;
}

/** One sample per registered subject: the compiler fails when a subject is added without one. */
export type SubjectExamples = {
  [S in Subject]: S extends RequestSubject ? RequestExample<S> : PushExample<S>;
};

const actionResult = { id: EXAMPLE_CONTAINER_ID, state: 'running' } as const;

/** A valid sample frame's data (and result, for requests) for every subject. */
export const EXAMPLES: SubjectExamples = {
  'agent.hello': {
    data: {
      protocol: PROTOCOL_VERSION,
      agentVersion: '0.1.0',
      name: 'web-1',
      host: EXAMPLE_HOST_FACTS,
      auth: { joinToken: 'jt_5bY2kQ9wXr3vTn8mPz4L' },
    },
    result: {
      agentId: EXAMPLE_AGENT_ID,
      name: 'web-1',
      credential: 'cr_Zq8vN3xW5tKp2LmR7yBd9FhJ',
      heartbeatSeconds: 15,
      protocol: PROTOCOL_VERSION,
      packedBatches: true,
      fixedBeat: true,
    },
  },
  'agent.prove': {
    data: { nonce: 'n7Qe2VbXk4LsP9wRt3YzHa8Mc5DfJu6Gp1NxWo0KiAq' },
    result: {
      publicKey: 'Hk2Rb7Vn4Qx9Lm3Tz8Ws5Pd1Fy6Jc0Ga2Ue7Ko4Ni9M',
      signature: 'Zp3Lx8Qv1Rk6Wn2Tb9Ys4Md7Fj0Hc5Ge3Ua8Oi1Ne6Pt2Kw9Lr4Xm7Vb0Qz5Sd3Fy8Gh1Jc6Tn2Wk9Lp4Rx7Mv',
    },
  },
  'agent.heartbeat': { data: { at: 1_764_040_766_123 } },
  'agent.beat': { data: {} },
  'manager.beat': { data: {} },
  'docker.status': { data: { available: true, version: '27.3.1', apiVersion: '1.47' } },
  'container.list': { data: { all: true }, result: { containers: [EXAMPLE_CONTAINER_SUMMARY] } },
  'container.inspect': { data: { id: 'shop-api-1' }, result: { container: EXAMPLE_CONTAINER_DETAILS } },
  'container.start': { data: { id: '3f2c1a9b' }, result: actionResult },
  'container.stop': {
    data: { id: 'shop-api-1', timeoutSeconds: 30 },
    result: { ...actionResult, state: 'exited' },
  },
  'container.restart': { data: { id: EXAMPLE_CONTAINER_ID, timeoutSeconds: 0 }, result: actionResult },
  'container.event': { data: EXAMPLE_CONTAINER_EVENT },
  'log.stream.start': {
    data: {
      container: EXAMPLE_CONTAINER_ID,
      resume: {
        seq: 40,
        ts: '2026-11-25T03:19:25.999999999Z',
        countAtTs: 1,
        streams: {
          stdout: { ts: '2026-11-25T03:19:25.999999999Z', countAtTs: 1 },
          stderr: { ts: '2026-11-25T03:19:25.999998123Z', countAtTs: 2 },
        },
      },
      tail: 1000,
    },
    result: { container: EXAMPLE_CONTAINER_ID, nextSeq: 41, tty: false },
  },
  'log.stream.stop': {
    data: { container: EXAMPLE_CONTAINER_ID },
    result: { container: EXAMPLE_CONTAINER_ID },
  },
  'log.batch': { data: { container: EXAMPLE_CONTAINER_ID, entries: EXAMPLE_LOG_ENTRIES } },
  'log.batch.packed': {
    data: { container: EXAMPLE_CONTAINER_ID, lines: packLogLines(EXAMPLE_LOG_LINES)[0]! },
  },
  'log.stream.error': {
    data: {
      container: EXAMPLE_CONTAINER_ID,
      error: { code: 'docker_unavailable', message: 'Docker daemon is not reachable' },
      retrying: true,
    },
  },
  'log.read': {
    data: {
      container: 'shop-api-1',
      readId: 'r1',
      tail: 'all',
      since: '1764040000',
      until: '2026-11-25T04:00:00Z',
      window: 1_048_576,
    },
    result: { readId: 'r1', lines: 3 },
  },
  'log.read.batch': { data: { readId: 'r1', entries: EXAMPLE_LOG_LINES } },
  'log.read.batch.packed': { data: { readId: 'r1', lines: packLogLines(EXAMPLE_LOG_LINES)[0]! } },
  'log.read.credit': { data: { readId: 'r1', bytes: 65_536 } },
  'log.read.cancel': { data: { readId: 'r1' } },
  'logs.subscribe': {
    data: { sub: 's1', agent: EXAMPLE_AGENT_ID, container: 'shop-api-1', fromSeq: 41, tail: 500 },
    result: {
      sub: 's1',
      container: EXAMPLE_CONTAINER_ID,
      agent: EXAMPLE_AGENT_ID,
      firstSeq: 41,
      nextSeq: 47,
    },
  },
  'logs.unsubscribe': { data: { sub: 's1' }, result: { sub: 's1' } },
  'logs.history': { data: { sub: 's1', entries: EXAMPLE_LOG_ENTRIES, done: true } },
  'logs.batch': { data: { sub: 's1', entries: EXAMPLE_LOG_LINES } },
  'logs.batch.packed': { data: { sub: 's1', lines: packLogLines(EXAMPLE_LOG_LINES)[0]! } },
  'logs.gap': { data: { sub: 's1', fromSeq: 3, toSeq: 40, count: 38, reason: 'ring_evicted' } },
  'logs.skipped': { data: { sub: 's1', count: 1200, throughSeq: 5020 } },
  'logs.status': { data: { sub: 's1', state: 'agent_offline', message: 'agent web-1 disconnected' } },
  error: { data: { code: 'bad_json', message: 'frame is not valid JSON', inReplyTo: 'log.batch' } },
};
