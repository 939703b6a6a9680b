import type { DataOf } from '@bosun/protocol';

/** What the manager may ask an agent. */
export type AgentRequestSubject =
  | 'container.list'
  | 'container.inspect'
  | 'container.start'
  | 'container.stop'
  | 'container.restart'
  | 'log.stream.start'
  | 'log.stream.stop'
  | 'log.read';

// Docker's own default stop grace period, used when a request does not name one.
const DOCKER_STOP_SECONDS = 10;
// Stopping takes the grace period plus Docker's own bookkeeping and the round trip.
const STOP_SLACK_MS = 20_000;

const FIXED_MS: Record<Exclude<AgentRequestSubject, 'container.stop' | 'container.restart'>, number> = {
  'container.list': 15_000,
  'container.inspect': 15_000,
  'container.start': 30_000,
  // The agent inspects the container and opens the follow before answering.
  'log.stream.start': 30_000,
  'log.stream.stop': 15_000,
  // Only reads from agents of protocol 1, which cannot be cancelled: newer agents' reads end by
  // their consumer or their idle time (see logs/log-reads.ts). A large log streams a while.
  'log.read': 300_000,
};

/**
 * How long the manager waits for an agent's answer when the caller names no deadline: long
 * enough for what Docker does behind each request (a stop waits out its grace period).
 */
export function defaultTimeoutMs<S extends AgentRequestSubject>(subject: S, data: DataOf<S>): number {
  if (subject === 'container.stop' || subject === 'container.restart') {
    const seconds = (data as DataOf<'container.stop'>).timeoutSeconds ?? DOCKER_STOP_SECONDS;
    return seconds * 1000 + STOP_SLACK_MS;
  }
  return FIXED_MS[subject as keyof typeof FIXED_MS];
}
