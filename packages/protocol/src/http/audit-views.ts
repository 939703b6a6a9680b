import { z } from 'zod';
import { nonNegativeInt } from '../fields.ts';

/** How an audited attempt ended. */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;

/** One of {@link AUDIT_OUTCOMES}. */
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);

/** How an audited attempt ended: done, refused, or failed. */
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** One audit entry, as admins read it. */
export const auditEntryViewSchema = z.object({
  /** Ascending: a later entry has a larger id. */
  id: z.int().min(1),
  /** Milliseconds since the epoch. */
  at: nonNegativeInt,
  /** `user:<id>`, `agent:<id>` or `system`. */
  actor: z.string(),
  /** What was attempted, e.g. `container.stop`, `user.create`. */
  action: z.string(),
  /** What it was attempted on, e.g. `user:<id>`, `<agent>/<container>`. */
  target: z.string(),
  outcome: auditOutcomeSchema,
  /** Facts about the attempt, as JSON; their shape depends on the action. Null when there are none. */
  detail: z.unknown(),
});
/** One audit entry. */
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

/** `GET /api/audit` (admins): one page of entries, newest first. */
export const auditListResponseSchema = z.object({ entries: z.array(auditEntryViewSchema) });
/** The answer of `GET /api/audit`. */
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;
