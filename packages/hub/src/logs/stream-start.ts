import { type DataOf, isFinalError, ProtocolError } from '@bosun/protocol';
import type { LogTopic } from './log-topic.ts';

/**
 * What to ask the agent for: with a cursor (the topic's, or its tap's when older), continue
 * losslessly after the last line held (same numbering); without one, a fresh tail numbered on from `nextSeq`, so numbers never go back.
 * The cursor's positions per stream go to every agent: one of protocol 1 drops the field it does
 * not know and resumes from the position over both streams, as it always did.
 */
export function startRequest(topic: LogTopic, tail: number): DataOf<'log.stream.start'> {
  const cursor = topic.startCursor;
  if (cursor) return { container: topic.containerId, resume: { ...cursor } };
  return { container: topic.containerId, tail, nextSeq: topic.nextSeq };
}

/** What a failed start means for the topic. */
export type StartFailure =
  /** Asked again when the agent is back. */
  | { kind: 'agent_offline' }
  /** Asked again when the agent reports Docker available. */
  | { kind: 'docker_unavailable'; message: string }
  /** Would fail the same way again: the stream ends (and its cursor goes with a vanished container). */
  | { kind: 'final'; message: string; forgetCursor: boolean }
  /** A passing problem (timeout, overload): asked again after a delay. */
  | { kind: 'retry'; message: string };

/** Sorts a refused or failed `log.stream.start` into what the topic does next. */
export function classifyStartFailure(error: unknown): StartFailure {
  const code = error instanceof ProtocolError ? error.code : 'internal';
  const message = error instanceof ProtocolError ? error.message : 'the stream could not start';
  if (code === 'agent_offline') return { kind: 'agent_offline' };
  if (code === 'docker_unavailable') return { kind: 'docker_unavailable', message };
  // The agent's own limit on follows frees up as other streams stop: that one is retried.
  if (code !== 'limit_exceeded' && isFinalError(code))
    return { kind: 'final', message, forgetCursor: code === 'not_found' };
  return { kind: 'retry', message };
}
