import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useLocalSetting } from '../hooks/use-local-setting.ts';
import { filterSpecOf, useLogUrlState } from '../hooks/use-log-filter-params.ts';
import { type StoredView, useLogStream } from '../hooks/use-log-stream.ts';
import { useSettledValue } from '../hooks/use-settled-value.ts';
import {
  downloadFileName,
  formatForDownload,
  formatTs,
  type SourceState,
  serverFilterOf,
} from '../model/index.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { LogList, type LogListHandle } from './log-list.tsx';
import type { RowOptions } from './log-row.tsx';
import { LogToolbar, MAX_LINES_CHOICES } from './log-toolbar.tsx';
import { OlderHeader } from './older-header.tsx';
import { sourceColors } from './source-colors.ts';

// Beside a source's name when it is not simply streaming; the chip's title carries the detail.
const SOURCE_NOTE: Record<SourceState, string | null> = {
  subscribing: null,
  live: null,
  retrying: 'retrying',
  agent_offline: 'host offline',
  docker_unavailable: 'Docker unavailable',
  ended: 'ended',
  error: 'error',
};

// How long the filters must stay unchanged before the manager is asked to apply them.
const SERVER_FILTER_SETTLE_MS = 500;

// A container id as `cid=` takes it: what the store keys streams by.
const CONTAINER_ID_PATTERN = /^[0-9a-f]{12,64}$/;

/**
 * /logs?c=host/container[&c=…]: one container's logs, or several merged by timestamp. With
 * `cid=<container id>` (and `at=<seq>`): that container's stored lines, opened at that line or at
 * the newest, without a live stream (a removed container, a search hit).
 */
export function LogsPage() {
  const [state] = useLogUrlState();
  const [params] = useSearchParams();
  const cid = params.get('cid') ?? '';
  const at = Number.parseInt(params.get('at') ?? '', 10);
  const stored = useMemo(
    () =>
      CONTAINER_ID_PATTERN.test(cid)
        ? { containerId: cid, ...(Number.isSafeInteger(at) && at >= 0 ? { seq: at } : {}) }
        : undefined,
    [cid, at],
  );
  const key = `${state.sources.join('\n')}|${cid}|${at}`;
  if (state.sources.length === 0) {
    return (
      <main className="page">
        <EmptyState title="No container chosen">
          Pick one on the <Link to="/containers">containers</Link> page.
        </EmptyState>
      </main>
    );
  }
  // A different set of containers is a different view: fresh buffers, fresh subscriptions.
  return <LogViewer key={key} stored={stored} />;
}

function LogViewer({ stored }: { stored: StoredView | undefined }) {
  const [state, update] = useLogUrlState();
  const [paused, setPaused] = useState(false);
  const [following, setFollowing] = useState(true);
  const [wrap, setWrap] = useLocalSetting('logs.wrap', false);
  const [timestamps, setTimestamps] = useLocalSetting('logs.timestamps', true);
  const [storedMax, setMaxLines] = useLocalSetting('logs.maxLines', 100_000);
  const maxLines = (MAX_LINES_CHOICES as readonly number[]).includes(storedMax) ? storedMax : 100_000;
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<LogListHandle>(null);

  // Typing re-filters up to 100k lines; deferring keeps keystrokes responsive while it runs.
  const deferredState = useDeferredValue(state);
  const filter = useMemo(() => filterSpecOf(deferredState), [deferredState]);
  // The manager filters once typing settles: each change is a new subscription and a fresh view.
  const wanted = state.server ? serverFilterOf(filter) : undefined;
  const serverFilter = useSettledValue(wanted, JSON.stringify(wanted ?? null), SERVER_FILTER_SETTLE_MS);
  const stream = useLogStream(stored ? state.sources.slice(0, 1) : state.sources, filter, {
    maxLines,
    paused,
    serverFilter,
    stored,
  });

  const merged = state.sources.length > 1;
  const colors = useMemo(() => (merged ? sourceColors(state.sources) : null), [merged, state.sources]);
  const highlight = stream.highlight;
  const focusId = stream.focusId;
  const options: RowOptions = useMemo(
    () => ({ wrap, timestamps, sourceColors: colors, highlight, focusId }),
    [wrap, timestamps, colors, highlight, focusId],
  );

  const jumpToLatest = useCallback(() => listRef.current?.jumpToLatest(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null;
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.key === 'End' && !typing) {
        event.preventDefault();
        jumpToLatest();
      } else if (event.key === 'Escape' && target === searchRef.current) {
        searchRef.current?.blur();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [jumpToLatest]);

  const download = () => {
    const text = formatForDownload(stream.items, { timestamps, sourcePrefix: merged });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = downloadFileName(state.sources, new Date());
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const filtered = stream.visibleCount !== stream.lineCount;
  const searching = state.query !== '' && stream.filterError === null;
  const hiddenAll = stream.lineCount > 0 && stream.visibleCount === 0;

  return (
    <main className="logs-page">
      <div className="logs-head">
        <h1>Logs</h1>
        {state.sources.map((source) => {
          const sourceState = stream.sources.get(source);
          return (
            <span
              key={source}
              role="status"
              aria-label={`Source ${source}`}
              className="source-chip"
              title={sourceState?.message}
            >
              {colors && (
                <span
                  className="source-swatch"
                  style={{ background: colors.get(source) }}
                  aria-hidden="true"
                />
              )}
              {source}
              {sourceState && SOURCE_NOTE[sourceState.state] && (
                <span className="muted"> · {SOURCE_NOTE[sourceState.state]}</span>
              )}
              {merged && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={`Remove ${source}`}
                  onClick={() => update({ sources: state.sources.filter((s) => s !== source) })}
                >
                  ×
                </button>
              )}
            </span>
          );
        })}
        <span className="logs-status">
          {stored ? (
            <span role="status" aria-label="Connection" className="pill" title={stream.connectionDetail}>
              {stream.connection === 'connecting'
                ? 'Loading stored lines…'
                : stream.connectionDetail === 'stored'
                  ? 'Stored logs'
                  : `Stored logs unavailable: ${stream.connectionDetail ?? ''}`}
            </span>
          ) : (
            <ConnectionStatus state={stream.connection} detail={stream.connectionDetail} />
          )}
          {stored && (
            <Link
              className="btn btn-small"
              to={`/logs?${new URLSearchParams(state.sources.map((c) => ['c', c]))}`}
            >
              Live view
            </Link>
          )}
          <span role="status" aria-label="Line count">
            {filtered
              ? `${formatCount(stream.visibleCount)} of ${formatCount(stream.lineCount)} lines`
              : `${formatCount(stream.lineCount)} lines`}
          </span>
          {searching && !state.only && !stream.searching && (
            <span className="muted">
              {formatCount(stream.matchCount)} {stream.matchCount === 1 ? 'match' : 'matches'}
            </span>
          )}
          {stream.searching && (
            <span role="status" aria-label="Search progress" className="muted">
              searching…
            </span>
          )}
          {serverFilter && stream.skippedCount > 0 && (
            <span role="status" aria-label="Skipped by the filter" className="muted">
              {formatCount(stream.skippedCount)} {stream.skippedCount === 1 ? 'line' : 'lines'} skipped by the
              filter
            </span>
          )}
          {paused && (
            <span role="status" className="pill pill-warn" aria-label="New lines while paused">
              {formatCount(stream.newWhilePaused)} new
            </span>
          )}
        </span>
      </div>
      <LogToolbar
        state={state}
        update={update}
        searchRef={searchRef}
        paused={paused}
        onPause={setPaused}
        onClear={stream.clear}
        wrap={wrap}
        onWrap={setWrap}
        timestamps={timestamps}
        onTimestamps={setTimestamps}
        maxLines={maxLines}
        onMaxLines={setMaxLines}
        onDownload={download}
      />
      {stream.filterError && (
        <p role="alert" className="notice notice-error">
          {stream.filterError}
        </p>
      )}
      {stream.searchNotice && (
        <p role="status" aria-label="Search notice" className="notice notice-warn">
          {stream.searchNotice}
        </p>
      )}
      {[...stream.offlineStored].map(([source, lastTs]) => (
        <p key={source} role="status" aria-label={`Stored lines of ${source}`} className="notice notice-warn">
          {merged ? `${source}: ` : ''}Host offline — showing stored lines up to{' '}
          <time dateTime={lastTs}>{formatTs(lastTs, 'full')}</time>
        </p>
      ))}
      <div className="logs-frame">
        <LogList
          ref={listRef}
          items={stream.items}
          options={options}
          following={following}
          paused={paused}
          onFollowingChange={setFollowing}
          header={<OlderHeader older={stream.older} merged={merged} onLoad={stream.loadOlder} />}
          onTopReached={stream.loadOlder}
          focusId={stream.focusId}
        />
        {hiddenAll && <div className="logs-empty">No lines match</div>}
        {stream.lineCount === 0 && stream.items.length === 0 && (
          <div className="logs-empty">
            {stored
              ? stream.connection === 'connecting'
                ? 'Loading stored lines…'
                : 'No stored lines.'
              : stream.connection === 'live'
                ? 'No lines yet; new lines appear here as they are written.'
                : 'Connecting…'}
          </div>
        )}
        {!following && (
          <button type="button" className="btn btn-primary jump" onClick={jumpToLatest}>
            Jump to latest
          </button>
        )}
      </div>
    </main>
  );
}
