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
  /** `user:<id>`, `agent:<id>`, `system`, or `anonymous` (a failed login). */
  actor: z.string(),
  /**
   * The actor's name when it acted (a username, an agent's name), or for `anonymous` the username
   * it tried, sanitised and cut to 64 characters; null when there is none.
   */
  // Optional (as `source`): a manager older than these fields leaves them out.
  actorName: z.string().nullable().optional(),
  /** What was attempted, e.g. `container.stop`, `user.create`. */
  action: z.string(),
  /** What it was attempted on, e.g. `user:<id>`, `<agent>/<container>`. */
  target: z.string(),
  outcome: auditOutcomeSchema,
  /**
   * Facts about the attempt, as JSON; their shape depends on the action. Null when there are
   * none. A row standing for refusals that were counted rather than written has
   * `{suppressed, from, to}`: how many, and the first and last one's time.
   */
  detail: z.unknown(),
  /** The client's address; null for the manager's own actions and rows stored before it was kept. */
  source: z.string().nullable().optional(),
});
/** One audit entry. */
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

/**
 * `GET /api/audit` (admins): one page of entries, newest first. `next` is the `before` that asks
 * for the page after this one, absent when this page is the last.
 */
export const auditListResponseSchema = z.object({
  entries: z.array(auditEntryViewSchema),
  next: z.int().min(1).optional(),
});
/** The answer of `GET /api/audit`. */
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;
