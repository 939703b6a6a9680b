import { z } from 'zod';
import { containerRefSchema } from '../fields.ts';
import { auditOutcomeSchema } from './audit-views.ts';
import { agentRefSchema, recordIdSchema } from './request-fields.ts';

/** `GET /api/containers?agent=`: every host's containers, or one host's. */
export const containerListQuerySchema = z.object({ agent: agentRefSchema.optional() });
/** The query of `GET /api/containers`. */
export type ContainerListQuery = z.input<typeof containerListQuerySchema>;

/** The most audit entries one page may hold. */
export const MAX_AUDIT_PAGE = 1000;

/**
 * The filters of `GET /api/audit` and `/api/audit/export`, all optional and all applying
 * together. `since`/`until` (inclusive) are RFC 3339 times, Unix seconds, or durations back from
 * the manager's now (`1h`); `user` is a username (ignoring case; a failed login counts under the
 * name it tried) or an actor (`user:<id>`, `agent:<id>`, `system`); `action` is a prefix
 * (`container.` for every container action).
 */
export const auditFilterQuerySchema = z.object({
  since: z.string().min(1).max(64).optional(),
  until: z.string().min(1).max(64).optional(),
  user: z.string().min(1).max(128).optional(),
  action: z.string().min(1).max(128).optional(),
  target: z.string().min(1).max(256).optional(),
  outcome: auditOutcomeSchema.optional(),
  source: z.string().min(1).max(64).optional(),
});
/** The filters of the audit routes, as a client writes them. */
export type AuditFilterQuery = z.input<typeof auditFilterQuerySchema>;

/**
 * `GET /api/audit?limit=&before=&…filters`: newest first; `before` is the id of the oldest entry
 * of the previous page (the answer's `next`), so pages go back in time.
 */
export const auditQuerySchema = auditFilterQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
/** The query of `GET /api/audit`, as a client writes it. */
export type AuditQuery = z.input<typeof auditQuerySchema>;

/**
 * `GET /api/logs`: a container's stored logs. `tail` is a line count or `all`; `since` and
 * `until` are times (RFC 3339, Unix seconds, or durations like `10m` back from now). Every line
 * carries its Docker timestamp, so `timestamps` is the client's flag, for how it prints them.
 * `format=packed` answers a record per batch of lines (`packedLogLinesSchema`) instead of one
 * per line: far less to parse for a client reading many.
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
  format: z.enum(['lines', 'packed']).optional(),
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
