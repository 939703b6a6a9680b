import type { LogEndReason, LogGapReason } from '@bosun/protocol';

/**
 * A count with thousands separators, fixed to en-US so the view reads the same whatever the
 * browser's locale, and tests can say so.
 */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

const GAP_REASONS: Record<LogGapReason, string> = {
  agent_backpressure: "the host's agent fell behind",
  docker_behind: 'Docker fell behind',
  ring_evicted: 'no longer kept by the manager',
  subscriber_behind: 'viewer fell behind',
};

/** "1,234 lines skipped (viewer fell behind)". */
export function gapText(count: number, reason: LogGapReason): string {
  return `${formatCount(count)} ${count === 1 ? 'line' : 'lines'} skipped (${GAP_REASONS[reason] ?? reason})`;
}

/** "Container restarted", with the marker's reason when it has one. */
export function restartText(reason?: string): string {
  return reason ? `Container restarted (${reason})` : 'Container restarted';
}

const END_REASONS: Record<LogEndReason, string> = {
  removed: 'container removed',
  stopped: 'container stopped',
  error: 'error',
};

/** "Stream ended: container removed", with the marker's message when it has one. */
export function endText(reason: LogEndReason, message?: string): string {
  if (reason === 'error' && message) return `Stream ended: ${message}`;
  const text = `Stream ended: ${END_REASONS[reason] ?? reason}`;
  return message ? `${text} (${message})` : text;
}

/** The dropped marker's text: "N older lines dropped from this view (limit M)". */
export function droppedText(count: number, maxLines: number): string {
  return `${formatCount(count)} older ${count === 1 ? 'line' : 'lines'} dropped from this view (limit ${formatCount(maxLines)})`;
}
