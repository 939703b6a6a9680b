import { LOG_LEVELS, LOG_STREAMS, type SearchResponse } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import { type FormEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CheckField } from '../../../components/ui/check-field.tsx';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useSearch } from '../api/search.ts';
import {
  RANGE_PRESETS,
  readSearchState,
  type SearchState,
  searchQueryOf,
  writeSearchState,
} from '../model/search-url.ts';
import { SearchHitItem } from './search-hit.tsx';

/** Hits one search shows. */
const HIT_LIMIT = 100;

const RANGE_TEXT: Record<(typeof RANGE_PRESETS)[number], string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Custom range',
};

/**
 * /search: the newest stored lines matching a text or regex across every host and container the
 * user may see, narrowed by time, hosts, containers, streams and levels; counts per container
 * beside the hits. The URL is the query, so a search is a link; it runs when submitted.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSearchState(params), [params]);
  const query = useMemo(() => searchQueryOf(state, HIT_LIMIT), [state]);
  const search = useSearch(query);
  const pattern = useMemo(
    () =>
      state.q === ''
        ? null
        : compileLinePattern(
            { query: state.q, regex: state.regex, caseSensitive: state.caseSensitive },
            'linear',
          ),
    [state.q, state.regex, state.caseSensitive],
  );
  const apply = (change: Partial<SearchState>) =>
    setParams((current) => writeSearchState(current, { ...readSearchState(current), ...change }));

  return (
    <main className="page">
      <PageHead title="Search" subtitle="stored logs of every host and container" />
      <SearchForm key={params.toString()} state={state} onSubmit={apply} />
      {pattern && !pattern.ok && (
        <p role="alert" className="notice notice-error">
          {pattern.message}
        </p>
      )}
      {query === null ? (
        <EmptyState title="Search the stored logs">
          Type a text (or a regular expression) and press Enter; <kbd>/</kbd> in the viewer searches one
          container.
        </EmptyState>
      ) : (
        <>
          <QueryStatus query={search} loading="Searching…" />
          {search.data && (
            <Results
              result={search.data}
              state={state}
              pattern={pattern}
              onNarrow={(container) => apply({ containers: [container] })}
              onSearchBelow={(until) =>
                apply({ range: 'custom', until, since: state.range === 'custom' ? state.since : '' })
              }
            />
          )}
        </>
      )}
    </main>
  );
}

function SearchForm({
  state,
  onSubmit,
}: {
  state: SearchState;
  onSubmit(change: Partial<SearchState>): void;
}) {
  const [draft, setDraft] = useState(state);
  const set = (change: Partial<SearchState>) => setDraft((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="search-form" aria-label="Search stored logs" onSubmit={submit}>
      <label className="field search-query">
        <span>Query</span>
        <input
          type="search"
          className="input"
          name="q"
          // biome-ignore lint/a11y/noAutofocus: the page is for typing a search
          autoFocus
          value={draft.q}
          placeholder={
            draft.regex ? 'Regular expression, e.g. conn(ection)? reset' : 'Text, e.g. connection reset'
          }
          onChange={(e) => set({ q: e.target.value })}
        />
      </label>
      <CheckField className="inline-field" checked={draft.regex} onChange={(regex) => set({ regex })}>
        <span>Regex</span>
      </CheckField>
      <CheckField
        className="inline-field"
        checked={draft.caseSensitive}
        onChange={(caseSensitive) => set({ caseSensitive })}
      >
        <span>Match case</span>
      </CheckField>
      <label className="field">
        <span>Time</span>
        <select
          className="input"
          value={draft.range}
          onChange={(e) => set({ range: e.target.value as SearchState['range'] })}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_TEXT[preset]}
            </option>
          ))}
        </select>
      </label>
      {draft.range === 'custom' && (
        <>
          <TextField
            label="From"
            type="datetime-local"
            step="1"
            className="input"
            value={draft.since}
            onChange={(since) => set({ since })}
          />
          <TextField
            label="Until"
            type="text"
            className="input"
            placeholder="now"
            value={draft.until}
            onChange={(until) => set({ until })}
          />
        </>
      )}
      <TextField
        label="Hosts"
        className="input"
        placeholder="all (comma-separated)"
        value={draft.hosts.join(',')}
        onChange={(hosts) => set({ hosts: splitList(hosts) })}
      />
      <TextField
        label="Containers"
        className="input"
        placeholder="all (names, ids, shop/web#1)"
        value={draft.containers.join(',')}
        onChange={(containers) => set({ containers: splitList(containers) })}
      />
      <ChoiceSet
        legend="Streams"
        choices={LOG_STREAMS}
        chosen={draft.streams}
        onChange={(streams) => set({ streams })}
      />
      <ChoiceSet
        legend="Levels"
        choices={LOG_LEVELS}
        chosen={draft.levels}
        onChange={(levels) => set({ levels })}
      />
      <button type="submit" className="btn btn-primary">
        Search
      </button>
    </form>
  );
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

// One checkbox per choice; the list holds the ticked ones, in the order they were ticked.
function ChoiceSet<T extends string>({
  legend,
  choices,
  chosen,
  onChange,
}: {
  legend: string;
  choices: readonly T[];
  chosen: T[];
  onChange(chosen: T[]): void;
}) {
  const toggle = (choice: T) =>
    chosen.includes(choice) ? chosen.filter((c) => c !== choice) : [...chosen, choice];
  return (
    <fieldset className="inline-field">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <CheckField
          key={choice}
          className="inline-field"
          checked={chosen.includes(choice)}
          onChange={() => onChange(toggle(choice))}
        >
          <span>{choice}</span>
        </CheckField>
      ))}
    </fieldset>
  );
}

type ResultsProps = {
  result: SearchResponse;
  state: SearchState;
  pattern: ReturnType<typeof compileLinePattern> | null;
  onNarrow(container: string): void;
  onSearchBelow(until: string): void;
};

function Results({ result, state, pattern, onNarrow, onSearchBelow }: ResultsProps) {
  const total = result.counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <>
      <p role="status" aria-label="Search summary" className="muted">
        {formatCount(result.hits.length)} {result.hits.length === 1 ? 'hit' : 'hits'} shown
        {result.limited ? `, the newest of ${formatCount(total)}${result.countsComplete ? '' : '+'}` : ''}
        {' · '}
        {result.indexed ? 'indexed search' : 'unindexed: every line in range was scanned'}
      </p>
      {!result.complete && (
        <p role="status" aria-label="Search incomplete" className="notice notice-warn">
          The scan stopped at its budget: lines before {result.scannedFrom ?? 'the range start'} were not
          searched.{' '}
          {result.scannedFrom && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onSearchBelow(result.scannedFrom ?? '')}
            >
              Search on before it
            </button>
          )}
        </p>
      )}
      {result.hits.length === 0 ? (
        <EmptyState title="No lines found">Try a wider time range or fewer filters.</EmptyState>
      ) : (
        <div className="search-layout">
          <nav className="search-counts" aria-label="Hits per container">
            <ul>
              {result.counts.map((count) => (
                <li key={`${count.agentId}/${count.containerId}`}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-pressed={state.containers.length === 1 && state.containers[0] === count.containerId}
                    title="Narrow the search to this container"
                    onClick={() => onNarrow(count.containerId)}
                  >
                    <span>
                      {count.hostName}/{count.containerName}
                    </span>
                    <span className="muted">{formatCount(count.count)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <ol className="search-hits" aria-label="Hits, newest first">
            {result.hits.map((hit) => (
              <SearchHitItem
                key={`${hit.agentId}/${hit.containerId}/${hit.line.seq}`}
                hit={hit}
                pattern={pattern}
              />
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
