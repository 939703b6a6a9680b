import { ProtocolError } from '@bosun/protocol';
import { isAgentIdRef } from '../agents/agent-ids.ts';
import type { AgentRecord, AgentStore } from '../ports/store.ts';

/** Where an agent reference is looked up: the live sessions first, then the store. */
export interface AgentDirectory {
  /** The record of the agent with a live session under this id. */
  liveById(id: string): AgentRecord | undefined;
  /** The record of the agent with a live session under exactly this name. */
  liveByName(name: string): AgentRecord | undefined;
  stored: Pick<AgentStore, 'byId' | 'byName'>;
}

/**
 * The agent a reference (id or name) stands for; revoked agents are not found. A reference that
 * reads as an id (`agt_…`) is looked up by id only, never by name, so while an agent is offline
 * nothing else answers for its id; any other reference is a name, held by at most one agent not
 * revoked (names are unique, see `AgentStore`). Live sessions are asked first so a connected
 * agent stays reachable while the store is slow or failing.
 */
export async function resolveAgentRef(directory: AgentDirectory, ref: string): Promise<AgentRecord> {
  const found = isAgentIdRef(ref)
    ? (directory.liveById(ref) ?? (await directory.stored.byId(ref)))
    : (directory.liveByName(ref) ?? (await directory.stored.byName(ref)));
  if (found === undefined || found.revokedAt !== null)
    throw new ProtocolError('not_found', `no agent "${ref}"`);
  return found;
}
