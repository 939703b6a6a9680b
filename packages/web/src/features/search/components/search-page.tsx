import { LOG_LEVELS, LOG_STREAMS, type SearchResponse } from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';
import { type FormEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
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
  const toggle = <T extends string>(list: T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
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
      <label className="inline-field">
        <input type="checkbox" checked={draft.regex} onChange={(e) => set({ regex: e.target.checked })} />
        <span>Regex</span>
      </label>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={draft.caseSensitive}
          onChange={(e) => set({ caseSensitive: e.target.checked })}
        />
        <span>Match case</span>
      </label>
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
          <label className="field">
            <span>From</span>
            <input
              type="datetime-local"
              step="1"
              className="input"
              value={draft.since}
              onChange={(e) => set({ since: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Until</span>
            <input
              type="text"
              className="input"
              placeholder="now"
              value={draft.until}
              onChange={(e) => set({ until: e.target.value })}
            />
          </label>
        </>
      )}
      <label className="field">
        <span>Hosts</span>
        <input
          className="input"
          placeholder="all (comma-separated)"
          value={draft.hosts.join(',')}
          onChange={(e) =>
            set({
              hosts: e.target.value
                .split(',')
                .map((h) => h.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
      <label className="field">
        <span>Containers</span>
        <input
          className="input"
          placeholder="all (names, ids, shop/web#1)"
          value={draft.containers.join(',')}
          onChange={(e) =>
            set({
              containers: e.target.value
                .split(',')
                .map((c) => c.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
      <fieldset className="inline-field">
        <legend>Streams</legend>
        {LOG_STREAMS.map((stream) => (
          <label key={stream} className="inline-field">
            <input
              type="checkbox"
              checked={draft.streams.includes(stream)}
              onChange={() => set({ streams: toggle(draft.streams, stream) })}
            />
            <span>{stream}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="inline-field">
        <legend>Levels</legend>
        {LOG_LEVELS.map((level) => (
          <label key={level} className="inline-field">
            <input
              type="checkbox"
              checked={draft.levels.includes(level)}
              onChange={() => set({ levels: toggle(draft.levels, level) })}
            />
            <span>{level}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary">
        Search
      </button>
    </form>
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
