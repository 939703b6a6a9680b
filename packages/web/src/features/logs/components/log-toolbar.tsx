import type { RefObject } from 'react';
import { CheckField } from '../../../components/ui/check-field.tsx';
import { LEVEL_OPTIONS, type LevelOption, type LogUrlState } from '../hooks/use-log-filter-params.ts';

type Props = {
  state: LogUrlState;
  update(change: Partial<LogUrlState>): void;
  searchRef: RefObject<HTMLInputElement | null>;
  paused: boolean;
  onPause(paused: boolean): void;
  onClear(): void;
  wrap: boolean;
  onWrap(wrap: boolean): void;
  timestamps: boolean;
  onTimestamps(timestamps: boolean): void;
  maxLines: number;
  onMaxLines(maxLines: number): void;
  onDownload(): void;
};

/** How many lines the viewer may keep in the browser; the oldest go first past the chosen one. */
export const MAX_LINES_CHOICES = [10_000, 50_000, 100_000, 250_000, 500_000] as const;

/** Search, filters and view controls; every control has an accessible name. */
export function LogToolbar(props: Props) {
  const { state, update } = props;
  const levelChecked = (level: LevelOption) => state.levels === null || state.levels.has(level);
  const toggleLevel = (level: LevelOption) => {
    const current = new Set(state.levels ?? LEVEL_OPTIONS);
    if (current.has(level)) current.delete(level);
    else current.add(level);
    update({ levels: current.size === LEVEL_OPTIONS.length ? null : current });
  };

  return (
    <div className="logs-toolbar">
      <input
        ref={props.searchRef}
        type="search"
        className="input search-input"
        aria-label="Search logs"
        placeholder={state.regex ? 'Regular expression  ( / )' : 'Search  ( / )'}
        value={state.query}
        onChange={(e) => update({ query: e.target.value })}
        spellCheck={false}
      />
      <div className="group">
        <CheckField checked={state.regex} onChange={(regex) => update({ regex })}>
          Regex
        </CheckField>
        <CheckField checked={state.caseSensitive} onChange={(caseSensitive) => update({ caseSensitive })}>
          Match case
        </CheckField>
        <CheckField checked={state.only} onChange={(only) => update({ only })}>
          Only matching lines
        </CheckField>
        <CheckField
          checked={state.server}
          onChange={(server) => update({ server })}
          title="The manager sends only the lines these filters keep, so a rare line in a noisy container costs the browser nothing. Changing a filter then starts the view over."
        >
          Filter on the manager
        </CheckField>
      </div>
      <label className="inline-field">
        <span>Stream</span>
        <select
          className="input"
          value={state.stream}
          onChange={(e) => update({ stream: e.target.value as LogUrlState['stream'] })}
        >
          <option value="all">All streams</option>
          <option value="stdout">stdout</option>
          <option value="stderr">stderr</option>
        </select>
      </label>
      <fieldset>
        <legend>Levels</legend>
        {LEVEL_OPTIONS.map((level) => (
          <CheckField
            key={level}
            className={`check lvl-${level}`}
            checked={levelChecked(level)}
            onChange={() => toggleLevel(level)}
          >
            {level}
          </CheckField>
        ))}
      </fieldset>
      <div className="group">
        <button type="button" className="btn btn-small" onClick={() => props.onPause(!props.paused)}>
          {props.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="btn btn-small" onClick={props.onClear}>
          Clear
        </button>
        <CheckField checked={props.wrap} onChange={props.onWrap}>
          Wrap lines
        </CheckField>
        <CheckField checked={props.timestamps} onChange={props.onTimestamps}>
          Timestamps
        </CheckField>
        <label className="inline-field">
          <span>Keep</span>
          <select
            className="input"
            aria-label="Lines kept"
            value={props.maxLines}
            onChange={(e) => props.onMaxLines(Number(e.target.value))}
          >
            {MAX_LINES_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en-US')} lines
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" onClick={props.onDownload}>
          Download
        </button>
      </div>
    </div>
  );
}
