import { z } from 'zod';

/** The roles a user may hold, most rights first, as the manager lists them. */
export const ROLES = ['admin', 'operator', 'viewer', 'none'] as const;

/**
 * A user's global role: admins do everything, operators also control containers on every host,
 * viewers only look at every host, and `none` sees no host but those granted to it.
 */
export const roleSchema = z.enum(ROLES);

/** One of {@link ROLES}. */
export type Role = z.infer<typeof roleSchema>;

/** The roles a grant gives on one host, most rights first; admin is global only. */
export const GRANT_ROLES = ['operator', 'viewer'] as const;

/** What a grant gives on its host: `operator` also controls its containers, `viewer` only looks. */
export const grantRoleSchema = z.enum(GRANT_ROLES);

/** One of {@link GRANT_ROLES}. */
export type GrantRole = z.infer<typeof grantRoleSchema>;

const RANK: Record<Role, number> = { none: 0, viewer: 1, operator: 2, admin: 3 };

/** True when `role` is `floor` or above (none < viewer < operator < admin). */
export function roleAtLeast(role: Role, floor: Role): boolean {
  return RANK[role] >= RANK[floor];
}

/**
 * A user's role on one host: the higher of its global role and its grant there (if any). The
 * manager decides with it (the hub's `roleOn`); the UI uses it only to offer what will be allowed.
 */
export function roleOnHost(role: Role, grant: GrantRole | undefined): Role {
  return grant === undefined || roleAtLeast(role, grant) ? role : grant;
}
