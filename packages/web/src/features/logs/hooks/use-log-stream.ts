import type { LogLineFilter } from '@bosun/protocol';
import { useEffect, useMemo, useRef, useState } from 'react';
import { sessionStillValid } from '../../../lib/session-check.ts';
import { reportSessionExpired } from '../../../lib/session-expiry.ts';
import {
  type ConnectionState,
  FilterPipeline,
  type FilterSpec,
  FrameBatcher,
  gapMarker,
  type Highlighter,
  LogBuffer,
  LogSession,
  noticeMarker,
  type OlderLines,
  type OlderState,
  parseSourceKey,
  type SourceKey,
  type SourceState,
  toViewEntries,
  type ViewEntry,
} from '../model/index.ts';
import { startPatternWorker } from '../worker/start-pattern-worker.ts';
import { followGenerations } from './generation-timeline.ts';
import { showStoredWhileOffline } from './offline-stored.ts';
import { olderLoader } from './older-loader.ts';
import { loadStoredView, type StoredView } from './stored-view.ts';

export type { ConnectionState, OlderState, SourceState, StoredView };

type SearchView = { highlight: Highlighter; searching: boolean; notice: string | null };

/**
 * What the log viewer renders: the rows that pass the filters, their counts, the search's progress,
 * the socket's and each source's state, and `clear` to empty the view.
 */
export type LogStream = {
  items: readonly ViewEntry[];
  /** Lines held in the browser. */
  lineCount: number;
  /** Lines that pass the filters (markers aside). */
  visibleCount: number;
  /** Lines that match a non-empty search. */
  matchCount: number;
  filterError: string | null;
  /** A regex search is still running over the held lines. */
  searching: boolean;
  /** Why the search runs slower than usual (a runaway regex moved to the linear engine), or null. */
  searchNotice: string | null;
  /** How rows mark the search's matches. */
  highlight: Highlighter;
  connection: ConnectionState;
  connectionDetail: string | undefined;
  sources: ReadonlyMap<SourceKey, { state: SourceState; message?: string }>;
  /** Lines that arrived while paused and are not on screen yet. */
  newWhilePaused: number;
  /** Lines the manager's filter held back since this view subscribed with it. */
  skippedCount: number;
  /** Where each source's scrolling back into the store stands. */
  older: ReadonlyMap<SourceKey, OlderState>;
  /** Pages older stored lines of every source that may have some (one page each). */
  loadOlder(): void;
  /** With `stored`: the id of the row to open at (the line of its `seq`), once it is held. */
  focusId: number | null;
  /**
   * The sources whose host is offline and whose stored lines are shown instead, each with the
   * time of the newest stored line; a source leaves once its host is back and it is live again.
   */
  offlineStored: ReadonlyMap<SourceKey, string>;
  clear(): void;
};

/**
 * The log viewer's engine: one LogSession (WebSocket, resume by seq), a LogBuffer bounded to
 * `maxLines`, and a FilteredView fed through a FilterPipeline (regex searches run in a worker);
 * incoming lines are applied once per animation frame, so a burst of thousands of lines per
 * second costs one React render per frame, not one per line.
 *
 * With `serverFilter` the manager sends only the lines it keeps (counted in `skippedCount`);
 * another one (another object: pass the same one while the filter is unchanged) is another
 * subscription, so the view starts over with what the manager holds.
 */
export function useLogStream(
  sources: readonly SourceKey[],
  filter: FilterSpec,
  options: {
    maxLines: number;
    paused: boolean;
    serverFilter?: LogLineFilter | undefined;
    /** Show one container's stored lines instead of subscribing (a removed container, a search hit). */
    stored?: StoredView | undefined;
  },
): LogStream {
  // One buffer and view per mounted viewer; the page remounts the viewer for other sources.
  const [buffer] = useState(() => new LogBuffer({ maxLines: options.maxLines }));
  // Shows what the buffer and view hold now, unless paused (then only the count moves); set below.
  const publish = useRef(() => {});
  // Starts no worker until lines or a regex arrive, so a discarded instance costs nothing.
  const [pipeline] = useState(
    () =>
      new FilterPipeline({
        entries: () => buffer.entries(),
        start: startPatternWorker,
        onChange: () => publish.current(),
      }),
  );
  const { view } = pipeline;
  const [items, setItems] = useState<readonly ViewEntry[]>([]);
  const [connection, setConnection] = useState<{ state: ConnectionState; detail?: string }>({
    state: 'connecting',
  });
  const [sourceStates, setSourceStates] = useState<
    ReadonlyMap<SourceKey, { state: SourceState; message?: string }>
  >(new Map());
  const [newWhilePaused, setNewWhilePaused] = useState(0);
  const [skippedCount, setSkippedCount] = useState(0);
  const [counts, setCounts] = useState({ lines: 0, visible: 0, matches: 0 });
  const [search, setSearch] = useState<SearchView>({ highlight: null, searching: false, notice: null });
  const [older, setOlder] = useState<ReadonlyMap<SourceKey, OlderState>>(new Map());
  const [focusId, setFocusId] = useState<number | null>(null);
  const [offlineStored, setOfflineStored] = useState<ReadonlyMap<SourceKey, string>>(new Map());
  const loaders = useRef(new Map<SourceKey, OlderLines>());
  // Anchors a live source's loader at the oldest line it got (set by the subscription's effect).
  const anchorLive = useRef<(source: SourceKey, loader: OlderLines) => void>(() => {});
  const storedKey = options.stored ? `${options.stored.containerId}@${options.stored.seq ?? ''}` : '';
  const filterRef = useRef(filter);
  const pausedRef = useRef(options.paused);
  // At the render that shows the pause, not at the effect after it: a batch published in between
  // would still move the paused view.
  pausedRef.current = options.paused;
  const nextId = useRef(1);
  // A new array with the same sources must not reconnect: the effect keys on their joined names.
  const sourcesKey = sources.join('\n');
  const sourceList = useMemo(() => sourcesKey.split('\n').filter(Boolean), [sourcesKey]);
  // A new object is a new subscription: the caller keeps it while the filter is the same.
  const serverFilter = options.serverFilter;
  publish.current = () => {
    const items = view.items();
    setCounts({ lines: buffer.lineCount, visible: countLines(items), matches: view.matchCount });
    const { searching, notice } = pipeline.searchState;
    setSearch({ highlight: pipeline.highlighter, searching, notice });
    if (!pausedRef.current) setItems(items);
  };

  useEffect(() => () => pipeline.dispose(), [pipeline]);

  useEffect(() => {
    pipeline.applyChange({ ...buffer.setMaxLines(options.maxLines), added: [] }, buffer.droppedMarker);
    publish.current();
  }, [buffer, pipeline, options.maxLines]);

  useEffect(() => {
    filterRef.current = filter;
    pipeline.setFilter(filter);
  }, [pipeline, filter]);

  useEffect(() => {
    if (!options.paused) {
      setNewWhilePaused(0);
      publish.current();
    }
  }, [options.paused]);

  useEffect(() => {
    if (sourceList.length === 0) return;
    // What is held came under another filter (or none): the new subscription sends it again.
    buffer.clear();
    pipeline.reset();
    setSkippedCount(0);
    const newId = () => nextId.current++;
    const olderTarget = {
      buffer,
      pipeline,
      newId,
      onState: (source: SourceKey, state: OlderState) =>
        setOlder((current) => new Map(current).set(source, state)),
    };
    loaders.current = new Map();
    for (const source of sourceList) {
      const target = parseSourceKey(source);
      if (!('error' in target)) loaders.current.set(source, olderLoader(source, target.agent, olderTarget));
    }
    setOlder(new Map());
    setOfflineStored(new Map());
    const stored = storedKey === '' ? undefined : parseStoredKey(storedKey);
    if (stored) {
      const source = sourceList[0] as SourceKey;
      const loader = loaders.current.get(source);
      setConnection({ state: 'connecting' });
      let cancelled = false;
      void loadStoredView(source, stored, { buffer, pipeline, newId }).then((outcome) => {
        if (cancelled) return;
        setConnection(
          outcome.error === undefined
            ? { state: 'closed', detail: 'stored' }
            : { state: 'closed', detail: outcome.error },
        );
        setFocusId(outcome.focusId);
        loader?.anchor(stored.containerId, outcome.oldest);
        if (loader) olderTarget.onState(source, loader.state);
      });
      return () => {
        cancelled = true;
      };
    }
    const batcher = new FrameBatcher<ViewEntry>((batch) => {
      const change = buffer.append(batch);
      // Incremental even when the buffer is full and evicts each frame: never a 100k re-filter.
      // The pipeline publishes once the view has it (with a regex, after the worker's verdicts).
      pipeline.applyChange(change, buffer.droppedMarker);
      const { added } = change;
      if (pausedRef.current) {
        const lines = added.filter((entry) => entry.kind === 'line').length;
        if (lines > 0) setNewWhilePaused((n) => n + lines);
      }
    });
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const session = new LogSession({
      url: `${scheme}//${window.location.host}/ws/logs`,
      sources: sourceList,
      checkSession: sessionStillValid,
      ...(serverFilter ? { filter: serverFilter } : {}),
    });
    const oldestHeld = new Map<SourceKey, { seq: number; ts: string }>();
    anchorLive.current = (source, loader) => {
      const containerId = session.containerId(source);
      const oldest = oldestHeld.get(source);
      if (containerId !== undefined && oldest) loader.anchor(containerId, oldest);
    };
    const offs = [
      session.on('entries', (source, entries) => {
        // The first line a source gets is the oldest the manager's ring held: older ones are
        // paged from the store below it, once the subscription named its container.
        const first = entries.find((entry) => entry.kind === 'line');
        if (first && !oldestHeld.has(source)) {
          oldestHeld.set(source, { seq: first.seq, ts: first.ts });
          olderTarget.onState(source, { kind: 'more' });
        }
        batcher.pushAll(toViewEntries(source, entries, newId));
      }),
      session.on('connection', (state, detail) => {
        setConnection({ state, ...(detail === undefined ? {} : { detail }) });
        if (state === 'closed' && detail === 'unauthorized') reportSessionExpired();
      }),
      session.on('source', (source, state, message) => {
        setSourceStates((current) => {
          const next = new Map(current);
          next.set(source, { state, ...(message === undefined ? {} : { message }) });
          return next;
        });
        if (state === 'live') {
          setOfflineStored((current) => {
            if (!current.has(source)) return current;
            const next = new Map(current);
            next.delete(source);
            return next;
          });
        }
        if (state === 'error' && message) {
          batcher.push(noticeMarker(source, `Cannot follow ${source}: ${message}`, newId));
        }
      }),
      session.on('gap', (source, gap) => batcher.push(gapMarker(source, gap, newId))),
      session.on('skipped', (_source, count) => setSkippedCount((n) => n + count)),
      showStoredWhileOffline(session, (source, lastTs) =>
        setOfflineStored((current) => new Map(current).set(source, lastTs)),
      ),
      // Whatever the old container sent goes in before the marker and the new container's lines.
      followGenerations(
        session,
        (marker) => {
          batcher.flushNow();
          batcher.push(marker);
        },
        newId,
      ),
      // The source's numbering started over (same name, another container; or the manager lost
      // its place): what is pending belongs to the old numbering and goes in first.
      session.on('reset', (source, reason) => {
        batcher.flushNow();
        buffer.forgetSource(source);
        batcher.push(noticeMarker(source, reason, newId));
      }),
    ];
    return () => {
      for (const off of offs) off();
      session.close();
      batcher.dispose();
    };
  }, [sourceList, buffer, pipeline, serverFilter, storedKey]);

  return {
    items,
    lineCount: counts.lines,
    visibleCount: counts.visible,
    matchCount: counts.matches,
    filterError: view.error,
    searching: search.searching,
    searchNotice: search.notice,
    highlight: search.highlight,
    connection: connection.state,
    connectionDetail: connection.detail,
    sources: sourceStates,
    newWhilePaused,
    skippedCount,
    older,
    loadOlder: () => {
      // Into the buffer above what is held; a paused view shows them on resume like new lines.
      for (const [source, loader] of loaders.current) {
        if (!loader.anchored) anchorLive.current(source, loader);
        void loader.loadOlder();
      }
    },
    focusId,
    offlineStored,
    clear: () => {
      buffer.clear();
      pipeline.reset();
      setNewWhilePaused(0);
    },
  };
}

function parseStoredKey(key: string): StoredView {
  const at = key.lastIndexOf('@');
  const seq = key.slice(at + 1);
  return { containerId: key.slice(0, at), ...(seq === '' ? {} : { seq: Number(seq) }) };
}

// O(n) over what is shown, once per frame: ~0.2 ms for 100k entries, cheaper than keeping a
// second count in step with eviction.
function countLines(items: readonly ViewEntry[]): number {
  let n = 0;
  for (const item of items) if (item.kind === 'line') n += 1;
  return n;
}
