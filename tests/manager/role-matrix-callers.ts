import type { Role, RouteAccess } from '@bosun/protocol';
import type { ApiClient } from '../kit/test-manager.ts';

// The role matrix's columns and the rule it checks them by. Each row says the least role it
// needs; a caller below it is refused (401 without a login, 403 with one), a caller at or above
// it gets the row's `ok`. A row about one host is run on two: the one granted to the `granted`
// column and another one, which that column may not see and which must answer it exactly as a
// host that does not exist (404 `not_found`).

/**
 * A column of the matrix: a global role; `granted`, a user whose global role is `none` with an
 * operator grant on the matrix's host; or no login at all.
 */
export type Who = Exclude<Role, 'none'> | 'granted' | 'anonymous';

/** The columns every case is checked for. */
export const CALLERS: readonly Who[] = ['admin', 'operator', 'viewer', 'granted', 'anonymous'];

/** The role the `granted` column holds on the matrix's host. */
export const GRANTED_ROLE = 'operator';

/** Which host a host-scoped row addresses: the one granted to the `granted` column, or another. */
export type HostSide = 'granted' | 'other';

/** Both hosts, in the order the rows run on them. */
export const SIDES: readonly HostSide[] = ['granted', 'other'];

const RANK: Record<Role, number> = { none: 0, viewer: 1, operator: 2, admin: 3 };

// A logged-in caller's role: its global one, or on one host the higher of that and its grant.
function roleOf(who: Exclude<Who, 'anonymous'>, side: HostSide | undefined): Role {
  if (who !== 'granted') return who;
  return side === 'granted' ? GRANTED_ROLE : 'none';
}

/** Whether `who` may use something that needs `least`; on a host (`side`), only if it sees that host. */
export function mayUse(who: Who, least: RouteAccess, side?: HostSide): boolean {
  if (least === 'public') return true;
  if (who === 'anonymous') return false;
  const role = roleOf(who, side);
  if (side !== undefined && role === 'none') return false;
  return RANK[role] >= RANK[least];
}

/**
 * What a refused caller gets: 401 `unauthorized` without a login, 404 `not_found` about a host it
 * may not see, 403 `forbidden` otherwise.
 */
export function refusal(who: Who, side?: HostSide): { status: number; code: string } {
  if (who === 'anonymous') return { status: 401, code: 'unauthorized' };
  if (side !== undefined && roleOf(who, side) === 'none') return { status: 404, code: 'not_found' };
  return { status: 403, code: 'forbidden' };
}

/** A new user, logged in on a fresh session, with its password. */
export type MatrixUser = { id: string; username: string; password: string; client: ApiClient };

/**
 * What the matrix runs against: a manager with two real agents on one engine and one running
 * container, which both agents see.
 */
export type MatrixBed = {
  url: string;
  admin: ApiClient;
  /** The agent a host-scoped row addresses (the granted one, or the other), and the container. */
  host: string;
  hostId: string;
  containerId: string;
  /** A retained container removed before the matrix ran: its lines live only in the log store. */
  removedName: string;
  /** A new user of the column `who` (its grant given), logged in on a fresh session. */
  newCaller(who: Exclude<Who, 'anonymous'>): Promise<MatrixUser>;
  /** A new user of `role` and its password, not logged in (a login costs a password hash). */
  createUser(role: Role): Promise<{ id: string; username: string; password: string }>;
};

/** Who calls: the column, and its own logged-in session (none for `anonymous`). */
export type Caller = { who: Who; client: ApiClient };

/** A container action, as the routes and the CLI name it. */
export type ContainerControl = 'start' | 'stop' | 'restart';
