import { z } from 'zod';
import { MAX_IDENTITY_KEY_LENGTH } from '../container-identity.ts';
import { containerIdSchema, nonNegativeInt, text } from '../fields.ts';
import { logEntrySchema, logLineSchema } from '../logs.ts';
import { dockerTimestampSchema } from '../timestamps.ts';
import { recordIdSchema } from './request-fields.ts';

/** Who a stored stream belongs to: its host and container, by id and by the names they had. */
export const storedStreamRefSchema = z.object({
  agentId: recordIdSchema,
  hostName: text(256),
  containerId: containerIdSchema,
  containerName: text(256),
  /** The stable identity across recreation (`containerIdentity`). */
  identity: text(MAX_IDENTITY_KEY_LENGTH),
});
/** A stored stream's host and container. */
export type StoredStreamRef = z.infer<typeof storedStreamRefSchema>;

/**
 * One stream the store holds, removed containers included: its image, when Docker created it
 * (milliseconds, null when unknown), the Docker timestamps of its oldest and newest line held,
 * the lines and text bytes held, and `removed` when the manager no longer lists the container.
 */
export const storedStreamViewSchema = storedStreamRefSchema.extend({
  image: text(1024),
  createdAt: nonNegativeInt.nullable(),
  firstTs: dockerTimestampSchema.nullable(),
  lastTs: dockerTimestampSchema.nullable(),
  lastSeq: nonNegativeInt.nullable(),
  lines: nonNegativeInt,
  bytes: nonNegativeInt,
  removed: z.boolean(),
});
/** One stored stream. */
export type StoredStreamView = z.infer<typeof storedStreamViewSchema>;

/** `GET /api/stored-streams`: the streams the store holds that the user may see, newest last line first. */
export const storedStreamListResponseSchema = z.object({ streams: z.array(storedStreamViewSchema) });
/** The answer of `GET /api/stored-streams`. */
export type StoredStreamListResponse = z.infer<typeof storedStreamListResponseSchema>;

/**
 * `GET /api/stored-logs`: entries exactly as stored (lines with their seq, Docker timestamp,
 * stream, text or base64, truncated/partial flags; markers in place), always oldest first.
 * `older` is the `beforeSeq` and `newer` the `afterSeq` of the next page that way (with
 * `direction` set to match); null when that way is known to hold nothing more in range.
 */
export const storedLogPageSchema = z.object({
  stream: storedStreamViewSchema,
  entries: z.array(logEntrySchema),
  older: nonNegativeInt.nullable(),
  newer: nonNegativeInt.nullable(),
});
/** A page of `GET /api/stored-logs`. */
export type StoredLogPage = z.infer<typeof storedLogPageSchema>;

/** One search hit: the line as stored, with its stream. */
export const searchHitSchema = storedStreamRefSchema.extend({ line: logLineSchema });
/** One search hit. */
export type SearchHit = z.infer<typeof searchHitSchema>;

/** How many lines of one stream matched (up to the count bound). */
export const searchCountSchema = storedStreamRefSchema.extend({ count: nonNegativeInt });
/** Hits per stream. */
export type SearchCount = z.infer<typeof searchCountSchema>;

/**
 * `GET /api/search`: hits newest first, counts per stream (`countsComplete` false once counting
 * stopped at the store's bound), `indexed` when a text index chose the candidates, `complete`
 * false when an unindexed scan stopped at the store's budget (`scannedFrom`: the oldest timestamp
 * it reached; search on with `until` set to it), `limited` when `limit` cut the hits.
 */
export const searchResponseSchema = z.object({
  hits: z.array(searchHitSchema),
  counts: z.array(searchCountSchema),
  countsComplete: z.boolean(),
  indexed: z.boolean(),
  complete: z.boolean(),
  scannedFrom: dockerTimestampSchema.nullable(),
  limited: z.boolean(),
});
/** The answer of `GET /api/search`. */
export type SearchResponse = z.infer<typeof searchResponseSchema>;
