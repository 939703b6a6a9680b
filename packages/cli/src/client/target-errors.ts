import { ProtocolError } from '@bosun/protocol';
import { ManagerError } from '../exit-codes.ts';
import type { Target } from './target.ts';

// The manager names a missing agent "no agent …"; any other not_found on a HOST/CONTAINER
// request is about the container (the manager's cache or Docker itself said so).
const MISSING_AGENT = /^no agent\b/i;

/**
 * A not_found answer for HOST/CONTAINER, reworded with the names the person typed, whichever
 * layer (manager, agent, Docker) wrote the original message.
 */
export function explainNotFound(error: unknown, target: Target): unknown {
  if (!(error instanceof ManagerError) || error.code !== 'not_found') return error;
  const message = MISSING_AGENT.test(error.message)
    ? `no such host ${target.host}`
    : `no such container ${target.container} on host ${target.host}`;
  return new ManagerError('not_found', message, error.status);
}

/** Whether `error` says the container (not its host) is unknown: Docker no longer has it. */
export function isMissingContainer(error: unknown): boolean {
  return error instanceof ManagerError && error.code === 'not_found' && !MISSING_AGENT.test(error.message);
}

/** Whether `error` says the container's host is offline: its agent is not connected to the manager. */
export function isAgentOffline(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'agent_offline';
}
