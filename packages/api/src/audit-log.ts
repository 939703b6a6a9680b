import { type AuditRecord, auditActorOf, type Clock, type Principal, type Store } from '@bosun/hub';
import type { Logger } from './ports/logger.ts';

/**
 * One action to record. `actor` 'system' is the manager itself (first start); 'anonymous' is a
 * client not logged in (a failed login), whose `actorName` is the username it tried. `source` is
 * the client's address (`clientAddress(c)`).
 */
export type AuditInput = {
  actor: Principal | 'system' | 'anonymous';
  /** For 'anonymous': the username it claimed; stored sanitised and cut (`boundedName`). */
  actorName?: string;
  action: string;
  target: string;
  outcome: AuditRecord['outcome'];
  detail?: Record<string, unknown>;
  source?: string;
};

/** The longest name an audit row keeps of what a client claimed to be. */
export const MAX_AUDIT_NAME_LENGTH = 64;

/**
 * A name a client chose, fit to be shown: control and format characters (which could rewrite a
 * terminal or hide text) become `?`, and it is cut to `MAX_AUDIT_NAME_LENGTH` characters.
 */
export function boundedName(name: string): string {
  const chars = [...name].slice(0, MAX_AUDIT_NAME_LENGTH);
  return chars.map((ch) => (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) ? '?' : ch)).join('');
}

/**
 * Records an action (the hub records container actions, joins, revocations and join tokens
 * itself). Awaited so the answer follows its record, but a failing store never turns a done
 * action into an error: the failure is logged.
 */
export async function audit(
  deps: { store: Store; clock: Clock; logger: Logger },
  input: AuditInput,
): Promise<void> {
  try {
    await deps.store.audit.append({
      at: deps.clock.now(),
      ...actorColumns(input),
      action: input.action,
      target: input.target,
      outcome: input.outcome,
      detail: input.detail === undefined ? null : JSON.stringify(input.detail),
      source: input.source ?? null,
    });
  } catch (error) {
    deps.logger.error({ action: input.action, err: String(error) }, 'could not write the audit log');
  }
}

function actorColumns(input: AuditInput): { actor: string; actorName: string | null } {
  if (typeof input.actor === 'object') return auditActorOf(input.actor);
  return {
    actor: input.actor,
    actorName: input.actorName === undefined ? null : boundedName(input.actorName),
  };
}
