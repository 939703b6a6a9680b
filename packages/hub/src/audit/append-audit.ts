import type { HubLogger } from '../logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { AuditRecord, AuditStore } from '../ports/store.ts';

/**
 * One audit row as the hub writes it; the time and id are added on append. `actorName` and
 * `source` are null when not given (the manager's own actions).
 */
export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'detail' | 'actorName' | 'source'> & {
  actorName?: string | null;
  source?: string | null;
  detail?: Record<string, unknown>;
};

/**
 * Appends to the audit log. Awaited, so a caller's answer comes after its record, but a
 * failing store never turns a done action into an error: the failure is logged instead.
 */
export async function appendAudit(
  audit: AuditStore,
  clock: Clock,
  logger: HubLogger,
  entry: AuditEntry,
): Promise<void> {
  try {
    await audit.append({
      at: clock.now(),
      actor: entry.actor,
      actorName: entry.actorName ?? null,
      action: entry.action,
      target: entry.target,
      outcome: entry.outcome,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      source: entry.source ?? null,
    });
  } catch (error) {
    logger('error', 'could not write the audit log', { action: entry.action, error: String(error) });
  }
}
