import { memo } from 'react';
import { formatTs, type Highlighter, type ViewEntry } from '../model/index.ts';
import { LogText } from './log-text.tsx';

/** How every row renders: wrapping, timestamps, source labels (merged views only) and search marks. */
export type RowOptions = {
  wrap: boolean;
  timestamps: boolean;
  /** Colour and label per source, present in a merged view only. */
  sourceColors: ReadonlyMap<string, string> | null;
  highlight: Highlighter;
  /** The row a stored view opened at, marked until the view is left. */
  focusId?: number | null;
};

/** One line or marker of the log list; memoised since rows re-render on every frame otherwise. */
export const LogRow = memo(function LogRow({ entry, options }: { entry: ViewEntry; options: RowOptions }) {
  if (entry.kind !== 'line') {
    return (
      <div className="log-marker" data-marker={entry.kind} data-source={entry.source ?? undefined}>
        <span>
          {entry.ts && options.timestamps ? `${formatTs(entry.ts, 'time')} · ` : ''}
          {options.sourceColors && entry.source ? `${entry.source}: ` : ''}
          {entry.text}
        </span>
      </div>
    );
  }
  const color = options.sourceColors?.get(entry.source);
  return (
    <div
      className={`log-row${options.wrap ? ' wrap' : ''}${options.focusId === entry.id ? ' log-row-focus' : ''}`}
      data-seq={entry.seq}
      data-source={entry.source}
      data-stream={entry.stream}
      data-level={entry.level ?? undefined}
    >
      {options.timestamps && (
        <time className="log-ts" dateTime={entry.ts} title={formatTs(entry.ts, 'full')}>
          {formatTs(entry.ts, 'time')}
        </time>
      )}
      {color && (
        <span className="log-source" style={{ color }}>
          {entry.source.slice(entry.source.indexOf('/') + 1)}
        </span>
      )}
      <span className={`lvl${entry.level ? ` lvl-${entry.level}` : ''}`}>{entry.level ?? ''}</span>
      <span className="log-text">
        <LogText line={entry} highlight={options.highlight} />
        {entry.truncated && <span className="log-flag"> [line truncated]</span>}
        {entry.binary && <span className="log-flag"> [not UTF-8]</span>}
      </span>
    </div>
  );
});
