/** What went wrong in Docker's byte stream. */
export type LogStreamErrorCode =
  // The 8 bytes where a frame header should be are not one: the stream is misaligned, or a TTY
  // container's raw stream is being read as multiplexed.
  | 'bad_frame_header'
  // A header announces more than any Docker message can hold; believing it would buffer garbage.
  | 'frame_too_large'
  // The follow ended in the middle of a frame.
  | 'truncated_frame'
  // Docker itself reported a failure inside the stream (its "system error" frames, e.g. an
  // unreadable log file); the stream goes on.
  | 'docker_error';

/** A problem in Docker's log bytes, as the pipeline's `onError` reports it. */
export class LogStreamError extends Error {
  /** What went wrong. */
  readonly code: LogStreamErrorCode;
  /**
   * True when every further byte of this follow would be misread: the follower must drop the
   * connection, call `beginRefollow()` and follow again.
   */
  readonly fatal: boolean;

  constructor(code: LogStreamErrorCode, message: string, fatal: boolean) {
    super(message);
    this.name = 'LogStreamError';
    this.code = code;
    this.fatal = fatal;
  }
}
