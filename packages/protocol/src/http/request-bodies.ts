import { z } from 'zod';
import { containerActionSchema } from '../agent-subjects.ts';
import { agentNameSchema } from '../fields.ts';
import {
  apiTokenNameSchema,
  newPasswordSchema,
  passwordSchema,
  ttlSchema,
  usernameSchema,
} from './request-fields.ts';
import { grantRoleSchema, roleSchema } from './roles.ts';

/**
 * `POST /api/login`. The username is checked loosely: a login must fail the same way for a
 * malformed name as for an unknown one.
 */
export const loginBodySchema = z.object({
  username: z.string().min(1).max(128),
  password: passwordSchema,
});
/** The body of `POST /api/login`. */
export type LoginBody = z.infer<typeof loginBodySchema>;

/**
 * `PUT /api/me/password`: the current password is checked as loosely as a login's. The user's
 * API tokens are revoked with the change unless `keepTokens` is true.
 */
export const passwordChangeBodySchema = z.object({
  currentPassword: passwordSchema,
  newPassword: newPasswordSchema,
  keepTokens: z.boolean().optional(),
});
/** The body of `PUT /api/me/password`. */
export type PasswordChangeBody = z.infer<typeof passwordChangeBodySchema>;

/** `POST /api/users` (admins). */
export const userCreateBodySchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});
/** The body of `POST /api/users`. */
export type UserCreateBody = z.infer<typeof userCreateBodySchema>;

/** `PATCH /api/users/:id` (admins): a new password, a new role, or both. */
export const userPatchBodySchema = z
  .object({ password: newPasswordSchema.optional(), role: roleSchema.optional() })
  .refine((patch) => patch.password !== undefined || patch.role !== undefined, 'expected password or role');
/** The body of `PATCH /api/users/:id`. */
export type UserPatchBody = z.infer<typeof userPatchBodySchema>;

/** `PUT /api/users/:id/grants/:agentId` (admins): the role the user gets on that host. */
export const grantSetBodySchema = z.object({ role: grantRoleSchema });
/** The body of `PUT /api/users/:id/grants/:agentId`. */
export type GrantSetBody = z.infer<typeof grantSetBodySchema>;

/** `POST /api/api-tokens`: a name, and a lifetime (none: the manager's default). */
export const apiTokenCreateBodySchema = z.object({
  name: apiTokenNameSchema,
  ttl: ttlSchema.optional(),
});
/** The body of `POST /api/api-tokens`. */
export type ApiTokenCreateBody = z.infer<typeof apiTokenCreateBodySchema>;

/**
 * `POST /api/join-tokens` (admins; the body may be left out): the name the joining agent gets,
 * whatever it proposes, and a lifetime (none: the manager's default).
 */
export const joinTokenCreateBodySchema = z.object({
  name: agentNameSchema.optional(),
  ttl: ttlSchema.optional(),
});
/** The body of `POST /api/join-tokens`. */
export type JoinTokenCreateBody = z.infer<typeof joinTokenCreateBodySchema>;

/**
 * `POST /api/agents/:agent/containers/:container/:action` (the body may be left out): Docker's
 * stop grace period, which the protocol caps at ten minutes.
 */
export const containerActionBodySchema = containerActionSchema.pick({ timeoutSeconds: true });
/** The body of a container action. */
export type ContainerActionBody = z.infer<typeof containerActionBodySchema>;
