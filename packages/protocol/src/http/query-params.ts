import { z } from 'zod';
import { containerRefSchema } from '../fields.ts';
import { agentRefSchema, recordIdSchema } from './request-fields.ts';

/** `GET /api/containers?agent=`: every host's containers, or one host's. */
export const containerListQuerySchema = z.object({ agent: agentRefSchema.optional() });
/** The query of `GET /api/containers`. */
export type ContainerListQuery = z.input<typeof containerListQuerySchema>;

/** The most audit entries one page may hold. */
export const MAX_AUDIT_PAGE = 1000;

/**
 * `GET /api/audit?limit=&before=`: newest first; `before` is the id of the oldest entry of the
 * previous page, so pages go back in time.
 */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
/** The query of `GET /api/audit`, as a client writes it. */
export type AuditQuery = z.input<typeof auditQuerySchema>;

/**
 * `GET /api/logs`: a container's stored logs. `tail` is a line count or `all`; `since` and
 * `until` are times (RFC 3339, Unix seconds, or durations like `10m` back from now). Every line
 * carries its Docker timestamp, so `timestamps` is the client's flag, for how it prints them.
 */
export const logReadQuerySchema = z.object({
  agent: agentRefSchema,
  container: containerRefSchema,
  tail: z
    .union([
      z.literal('all'),
      z
        .string()
        .regex(/^\d{1,9}$/, 'expected a number or "all"')
        .transform(Number),
    ])
    .default('all'),
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  timestamps: z.enum(['true', 'false', '1', '0']).optional(),
});
/** The query of `GET /api/logs`, as a client writes it. */
export type LogReadQuery = z.input<typeof logReadQuerySchema>;

/**
 * `GET /api/api-tokens?all=1` or `?user=ID`: every user's tokens or one user's (admins); neither
 * lists the caller's own.
 */
export const apiTokenListQuerySchema = z
  .object({
    all: z.enum(['1', 'true']).optional(),
    user: recordIdSchema.optional(),
  })
  .refine((query) => query.all === undefined || query.user === undefined, 'expected all or user, not both');
/** The query of `GET /api/api-tokens`, as a client writes it. */
export type ApiTokenListQuery = z.input<typeof apiTokenListQuerySchema>;
