import { z } from 'zod';
import { MAX_ERROR_MESSAGE_LENGTH } from '../limits.ts';

/**
 * The store's part of `GET /healthz`: `ok`, and while it fails, why (`error`) and since when
 * (`since`, Unix ms).
 */
export const storeHealthViewSchema = z.object({
  ok: z.boolean(),
  error: z.string().max(MAX_ERROR_MESSAGE_LENGTH).optional(),
  since: z.number().int().nonnegative().optional(),
});
/** The store's part of `GET /healthz`. */
export type StoreHealthView = z.infer<typeof storeHealthViewSchema>;

/**
 * `GET /healthz`: the manager is up, and whether its store works. No login needed, for load
 * balancers and health checks: `status: "ok"` answers 200, `"degraded"` (the store failing: its
 * disk full, its database locked or unreadable) answers 503 with the same body, and so does
 * `"starting"` (listening, but the first admin or the local agent is not set up yet: a login in
 * that moment would not find the admin).
 */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded', 'starting']),
  store: storeHealthViewSchema,
});
/** The answer of `GET /healthz`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;
