import type { LogLine } from '@bosun/protocol';
import type { HistoryDedup } from './history-dedup.ts';
import type { LineSelection } from './line-selection.ts';
import type { LineVerdict } from './live-follower.ts';
import { type LogTime, lineNanos } from './log-time.ts';

/**
 * What `bosun logs -f` does with a live line of one container: lines a filtering manager would
 * not have sent are skipped first, so the dedup against the printed history counts the same
 * lines whether the manager filtered or (an older one) sent everything; then what the history
 * printed, what lies before `since`; a line past `until` ends the follow; the rest is printed
 * when the selection keeps it.
 */
export function judgeLiveLine(
  line: LogLine,
  dedup: HistoryDedup,
  window: { since: LogTime | undefined; until: LogTime | undefined },
  selection: LineSelection,
): LineVerdict {
  if (!selection.sent(line)) return 'skip';
  if (!dedup.accept(line.stream, line.ts)) return 'skip';
  if (window.since && lineNanos(line.ts) < window.since.nanos) return 'skip';
  if (window.until && lineNanos(line.ts) > window.until.nanos) return 'stop';
  return selection.keep(line) ? 'print' : 'skip';
}
