import { type FleetEvent, type GrantRole, type Role, roleAtLeast, roleOnHost } from '@bosun/protocol';

/** A role given to a user on one host (agent), beyond its global role. */
export type Grant = { agentId: string; role: GrantRole };

/**
 * Who is acting, as authenticated by the adapter (session cookie or API token): the global role
 * and the grants on single hosts, read together so one request sees one consistent set.
 */
export type Principal = {
  kind: 'user';
  userId: string;
  username: string;
  role: Role;
  grants: readonly Grant[];
};

/**
 * The one decision of what a user may do on a host: the higher of its global role and its grant
 * there. Every path that shows or controls a host asks this (through `canSee`/`canOperateOn`).
 */
export function roleOn(principal: Principal, agentId: string): Role {
  return roleOnHost(principal.role, principal.grants.find((g) => g.agentId === agentId)?.role);
}

/** Whether the host exists for this user at all: a host it may not see answers as unknown. */
export function canSee(principal: Principal, agentId: string): boolean {
  return roleOn(principal, agentId) !== 'none';
}

/** Starting, stopping and restarting this host's containers: operators and admins of it. */
export function canOperateOn(principal: Principal, agentId: string): boolean {
  return roleAtLeast(roleOn(principal, agentId), 'operator');
}

/** Whether any host at all lets this user control containers (globally or by a grant). */
export function canOperateSomewhere(principal: Principal): boolean {
  return roleAtLeast(principal.role, 'operator') || principal.grants.some((g) => g.role === 'operator');
}

/** Whether the user sees every host (viewers and above), so lists need no filtering. */
export function seesEveryHost(principal: Principal): boolean {
  return roleAtLeast(principal.role, 'viewer');
}

/** The agent a fleet event is about: every event names exactly one. */
export function fleetEventAgent(event: FleetEvent): string {
  return 'agent' in event ? event.agent.id : event.agentId;
}

/** Whether this user may be told of `event`: not even a removal of a host it cannot see. */
export function canSeeEvent(principal: Principal, event: FleetEvent): boolean {
  return canSee(principal, fleetEventAgent(event));
}

/** The `actor` column of the audit log. */
export function actorOf(principal: Principal): string {
  return `user:${principal.userId}`;
}

/** Who acted, for an audit row: the actor column and the username at the time. */
export function auditActorOf(principal: Principal): { actor: string; actorName: string } {
  return { actor: actorOf(principal), actorName: principal.username };
}
