import { z } from 'zod';
import { nonNegativeInt } from '../fields.ts';
import { recordIdSchema } from './request-fields.ts';

/**
 * Which containers' logs the manager keeps: `labelled` only those labelled `bosun.retain=true`,
 * `all` every container except those labelled `bosun.retain=false`, `none` none, whatever their
 * labels say.
 */
export const RETENTION_POLICIES = ['all', 'labelled', 'none'] as const;

/** A retention policy, of the manager (`--retain`) or of one host. */
export const retentionPolicySchema = z.enum(RETENTION_POLICIES);

/**
 * `GET`/`PUT /api/agents/:agent/retention`: the host's own policy (null when it has none and
 * follows the manager's), the manager's, and the one in force. `updatedAt`: when the host's own
 * policy was set (milliseconds since the epoch), null without one.
 */
export const hostRetentionViewSchema = z.object({
  agentId: recordIdSchema,
  policy: retentionPolicySchema.nullable(),
  managerPolicy: retentionPolicySchema,
  effective: retentionPolicySchema,
  updatedAt: nonNegativeInt.nullable(),
});
/** A host's retention policy as the API shows it. */
export type HostRetentionView = z.infer<typeof hostRetentionViewSchema>;

/** The body of `PUT /api/agents/:agent/retention`. */
export const hostRetentionBodySchema = z.strictObject({ policy: retentionPolicySchema });
/** The body of `PUT /api/agents/:agent/retention`. */
export type HostRetentionBody = z.infer<typeof hostRetentionBodySchema>;

/**
 * The retention part of `GET /api/status`, for admins of a manager with a log store: the
 * manager's policy; retained streams ingesting, paused (for the store or a resend) and waiting
 * for a slot (`--max-retained-streams`); lines handed to the store and appends it refused since
 * the start; and the store itself (null when it could not be read): its size with its WAL,
 * lines held, and what is queued, not written yet.
 */
export const retentionStatusSchema = z.object({
  retain: retentionPolicySchema,
  streams: z.object({ ingesting: nonNegativeInt, paused: nonNegativeInt, waiting: nonNegativeInt }),
  linesStored: nonNegativeInt,
  appendsRefused: nonNegativeInt,
  store: z
    .object({
      bytes: nonNegativeInt,
      lines: nonNegativeInt,
      queuedEntries: nonNegativeInt,
      oldestQueuedAgeMs: z.number().nonnegative(),
    })
    .nullable(),
});
/** The retention part of `GET /api/status`. */
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;
