import type { LogStreamMeta, LogStreamSelection } from '../ports/log-store.ts';

/** Whether a stream is among those a search selects (every present field must hold). */
export function selectsStream(selection: LogStreamSelection | undefined, stream: LogStreamMeta): boolean {
  if (selection === undefined) return true;
  if (selection.agentIds !== undefined && !selection.agentIds.includes(stream.agentId)) return false;
  if (selection.identities !== undefined && !selection.identities.includes(stream.identity)) return false;
  if (
    selection.streams !== undefined &&
    !selection.streams.some((s) => s.agentId === stream.agentId && s.containerId === stream.containerId)
  ) {
    return false;
  }
  return true;
}
