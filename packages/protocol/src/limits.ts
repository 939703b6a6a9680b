/**
 * A whole WebSocket text frame in UTF-8 bytes. Large enough for a full batch at worst-case JSON
 * escaping, small enough that one frame never stalls a socket shared by many log streams.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * One log line's raw bytes. Docker itself splits lines at 16 KiB per message but reassembles
 * partial messages; past 64 KiB a "line" is usually a binary dump, so producers truncate and flag it.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Entries in one batch frame: bounds per-frame validation work and keeps a viewer's history
 * arriving in chunks it can render progressively.
 */
export const MAX_BATCH_LINES = 1000;

/**
 * Raw text bytes in one batch. JSON escaping can grow text up to six times (\u0000), and
 * 6 x 256 KiB plus per-entry overhead still fits MAX_FRAME_BYTES.
 */
export const MAX_BATCH_TEXT_BYTES = 256 * 1024;

/** Subjects and reply inboxes. An inbox is a prefix plus a UUID; anything longer is not ours. */
export const MAX_SUBJECT_LENGTH = 128;

/**
 * One container.list result. Far beyond what a single Docker host runs, yet keeps the
 * frame within MAX_FRAME_BYTES for summaries of ordinary size.
 */
export const MAX_CONTAINERS_PER_LIST = 10_000;

/** Lines the manager keeps per container for new viewers and resumes, when not configured otherwise. */
export const DEFAULT_RING_LINES = 1000;

/** A wire error's message: enough for a useful sentence, too short to carry a dump or stack trace. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** Every limit above in one object, for documents and tools that list them. */
export const LIMITS = {
  MAX_FRAME_BYTES,
  MAX_LINE_BYTES,
  MAX_BATCH_LINES,
  MAX_BATCH_TEXT_BYTES,
  MAX_SUBJECT_LENGTH,
  MAX_CONTAINERS_PER_LIST,
  DEFAULT_RING_LINES,
  MAX_ERROR_MESSAGE_LENGTH,
} as const;
