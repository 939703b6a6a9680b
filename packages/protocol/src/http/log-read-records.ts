import { z } from 'zod';
import { logLineSchema } from '../logs.ts';
import { packedLogLinesSchema } from '../packed-log-lines.ts';
import { errorBodySchema } from './error-body.ts';

/**
 * One line of `GET /api/logs` (NDJSON): a stored log line, in order, or with `format=packed` a
 * run of them in one record (`packedLogLinesSchema`). A read that fails after the answer began
 * cannot change its status any more, so it ends with an error body instead.
 */
export const logReadRecordSchema = z.union([logLineSchema, packedLogLinesSchema, errorBodySchema]);
/** One record of a log read. */
export type LogReadRecord = z.infer<typeof logReadRecordSchema>;
