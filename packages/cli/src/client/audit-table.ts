import type { AuditEntryView } from '@bosun/protocol';
import { formatColumns } from './text-table.ts';

const COLUMNS = ['TIME', 'USER', 'ACTION', 'TARGET', 'OUTCOME', 'SOURCE'];

/** `2025-11-25 10:39:26Z`: UTC, to the second, the same on every machine. */
export function formatAuditTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Who acted: the name at the time, else the actor column (`system`, `agent:<id>`). */
export function formatAuditActor(entry: AuditEntryView): string {
  if (entry.actor === 'anonymous') return `${entry.actorName ?? '?'} (not logged in)`;
  return entry.actorName ?? entry.actor;
}

// A refusal row standing for others carries how many in its detail.
function formatOutcome(entry: AuditEntryView): string {
  const detail = entry.detail;
  if (typeof detail === 'object' && detail !== null && 'suppressed' in detail) {
    return `${entry.outcome} (+${String(detail.suppressed)} more)`;
  }
  return entry.outcome;
}

/** The rows of `bosun audit`, newest first as the manager answered them. */
export function formatAuditTable(entries: readonly AuditEntryView[]): string {
  const cells = entries.map((entry) => [
    formatAuditTime(entry.at),
    formatAuditActor(entry),
    entry.action,
    entry.target,
    formatOutcome(entry),
    entry.source ?? '-',
  ]);
  return formatColumns(COLUMNS, cells);
}
