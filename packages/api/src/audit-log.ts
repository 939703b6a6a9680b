import type { AuditRecord, Clock, Principal, Store } from '@bosun/hub';
import type { Logger } from './ports/logger.ts';

/** One admin action to record; `actor` 'system' is the manager itself (first start). */
export type AuditInput = {
  actor: Principal | 'system';
  action: string;
  target: string;
  outcome: AuditRecord['outcome'];
  detail?: Record<string, unknown>;
};

/**
 * Records an admin action (the hub records container actions, joins, revocations and join
 * tokens itself). Awaited so the answer follows its record, but a failing store never turns a
 * done action into an error: the failure is logged.
 */
export async function audit(
  deps: { store: Store; clock: Clock; logger: Logger },
  input: AuditInput,
): Promise<void> {
  try {
    await deps.store.audit.append({
      at: deps.clock.now(),
      actor: input.actor === 'system' ? 'system' : `user:${input.actor.userId}`,
      action: input.action,
      target: input.target,
      outcome: input.outcome,
      detail: input.detail === undefined ? null : JSON.stringify(input.detail),
    });
  } catch (error) {
    deps.logger.error({ action: input.action, err: String(error) }, 'could not write the audit log');
  }
}
