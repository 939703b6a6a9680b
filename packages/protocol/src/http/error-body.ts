import { z } from 'zod';
import { wireErrorSchema } from '../errors.ts';

/**
 * Every HTTP error answer, whatever its status: the protocol's error code and a message for a
 * person. Also the last line of a `GET /api/logs` that failed after its first line.
 */
export const errorBodySchema = z.object({ error: wireErrorSchema.pick({ code: true, message: true }) });
/** An HTTP error answer. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
