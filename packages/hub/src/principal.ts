import type { Role } from '@bosun/protocol';

/** Who is acting, as authenticated by the adapter (session cookie or API token). */
export type Principal = { kind: 'user'; userId: string; username: string; role: Role };

/** Starting, stopping and restarting containers changes the fleet: operators and admins only. */
export function canOperate(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'operator';
}

/** The `actor` column of the audit log. */
export function actorOf(principal: Principal): string {
  return `user:${principal.userId}`;
}

/** Who acted, for an audit row: the actor column and the username at the time. */
export function auditActorOf(principal: Principal): { actor: string; actorName: string } {
  return { actor: actorOf(principal), actorName: principal.username };
}
