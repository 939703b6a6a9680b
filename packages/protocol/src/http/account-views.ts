import { z } from 'zod';
import { nonNegativeInt } from '../fields.ts';
import { grantViewSchema } from './grant-views.ts';
import { recordIdSchema } from './request-fields.ts';
import { roleSchema } from './roles.ts';

/**
 * A user as the API shows it, with its grants: never the password hash. The name is bounded, not checked against
 * today's username rule, which a stored name may predate.
 */
export const userViewSchema = z.object({
  id: recordIdSchema,
  username: z.string().min(1).max(128),
  role: roleSchema,
  /** Milliseconds since the epoch. */
  createdAt: nonNegativeInt,
  /** The hosts granted to the user beyond its global role, by agent name. */
  grants: z.array(grantViewSchema),
});
/** A user as the API shows it. */
export type UserView = z.infer<typeof userViewSchema>;

/** One user: the answer of a login, `GET /api/me`, and creating or changing a user. */
export const userResponseSchema = z.object({ user: userViewSchema });
/** An answer holding one user. */
export type UserResponse = z.infer<typeof userResponseSchema>;

/** `GET /api/users` (admins): every user, oldest first. */
export const userListResponseSchema = z.object({ users: z.array(userViewSchema) });
/** The answer of `GET /api/users`. */
export type UserListResponse = z.infer<typeof userListResponseSchema>;
