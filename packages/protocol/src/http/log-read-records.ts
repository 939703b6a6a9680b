import { z } from 'zod';
import { logLineSchema } from '../logs.ts';
import { errorBodySchema } from './error-body.ts';

/**
 * One line of `GET /api/logs` (NDJSON): a stored log line, in order. A read that fails after
 * the answer began cannot change its status any more, so it ends with an error body instead.
 */
export const logReadRecordSchema = z.union([logLineSchema, errorBodySchema]);
/** One record of a log read. */
export type LogReadRecord = z.infer<typeof logReadRecordSchema>;
