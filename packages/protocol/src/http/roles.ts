import { z } from 'zod';

/** The roles a user may hold, most rights first, as the manager lists them. */
export const ROLES = ['admin', 'operator', 'viewer'] as const;

/** A user's role: admins do everything, operators also control containers, viewers only look. */
export const roleSchema = z.enum(ROLES);

/** One of {@link ROLES}. */
export type Role = z.infer<typeof roleSchema>;
