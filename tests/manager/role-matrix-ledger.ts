import { type AuditEntryView, auditEntryViewSchema } from '@bosun/protocol';
import type { ApiClient } from '../kit/test-manager.ts';
import {
  type ContainerControl,
  type HostSide,
  type MatrixBed,
  refusal,
  type Who,
} from './role-matrix-callers.ts';

// What the audit log must hold after the matrix: each container action it asked for, once, under
// the user who asked, and nothing else.

/** A container action the matrix asked for, as the audit log must show it. */
export type Attempt = { who: Who; action: string; target: string; outcome: 'ok' | 'denied' | 'error' };

/**
 * The row an attempt of `who` on `host` (on `side` for a host-scoped row) leaves. An allowed
 * action is recorded under the ids the manager resolved. A refusal by role comes before any
 * lookup, and a host the caller may not see fails the lookup (an `error`, as for an unknown host):
 * both under the references asked with. A caller without a login is refused before it is anyone,
 * so its attempts leave none.
 */
export function attemptOf(
  who: Who,
  control: ContainerControl,
  host: MatrixBed,
  side: HostSide | undefined,
  allowed: boolean,
): Attempt | undefined {
  if (who === 'anonymous') return undefined;
  return {
    who,
    action: `container.${control}`,
    target: allowed ? `${host.hostId}/${host.containerId}` : `${host.host}/${host.containerId}`,
    outcome: allowed ? 'ok' : refusal(who, side).status === 404 ? 'error' : 'denied',
  };
}

/** Every container action in the audit log, oldest first, read through the export. */
export async function containerEntries(admin: ApiClient): Promise<AuditEntryView[]> {
  const response = await admin.fetch('GET', '/api/audit/export?action=container.');
  if (response.status !== 200) throw new Error(`the audit export answered ${response.status}`);
  const lines = (await response.text()).split('\n').filter((line) => line !== '');
  return lines.map((line) => auditEntryViewSchema.parse(JSON.parse(line))).reverse();
}

/** What the matrix compares of an audit entry. */
export type AuditFacts = Pick<AuditEntryView, 'actorName' | 'action' | 'target' | 'outcome' | 'source'>;

/** The facts of `entry` the matrix compares. */
export function auditFacts({ actorName, action, target, outcome, source }: AuditEntryView): AuditFacts {
  return { actorName, action, target, outcome, source };
}
