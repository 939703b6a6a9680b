import { z } from 'zod';

/** `GET /healthz`: the manager is up. No login needed, for load balancers and health checks. */
export const healthResponseSchema = z.object({ ok: z.literal(true) });
/** The answer of `GET /healthz`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;
