import { newId } from '../secrets.ts';

/** What every agent id the hub makes begins with (`agt_` and 16 random letters and digits). */
export const AGENT_ID_PREFIX = 'agt_';

/** A fresh agent id. */
export function newAgentId(): string {
  return newId(AGENT_ID_PREFIX);
}

/**
 * Whether a reference is taken for an agent id: anything that begins with `agt_`, in any case,
 * whatever follows. Such a reference is looked up by id only, and no agent may be named like
 * one, so a name can never stand in for another agent's id (nor for any prefix of it).
 */
export function isAgentIdRef(ref: string): boolean {
  return ref.slice(0, AGENT_ID_PREFIX.length).toLowerCase() === AGENT_ID_PREFIX;
}
