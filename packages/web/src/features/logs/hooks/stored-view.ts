import type { StoredLogPage } from '@bosun/protocol';
import { ApiError } from '../../../lib/api-client.ts';
import { fetchStoredLogs } from '../api/stored-logs.ts';
import {
  type FilterPipeline,
  type LogBuffer,
  type SourceKey,
  type SourceTarget,
  toViewEntries,
} from '../model/index.ts';

/** A viewer on one container's stored lines: which container, and the line to open at (else the newest). */
export type StoredView = { containerId: string; seq?: number };

/** Lines shown on either side of the line a stored view opens at. */
export const STORED_CONTEXT_LINES = 200;
/** Lines a stored view opened at the newest shows first. */
const STORED_FIRST_PAGE = 500;

/** What opening a stored view found: the row to scroll to, the oldest line held, or why it failed. */
export type StoredViewOutcome = {
  focusId: number | null;
  oldest: { seq: number; ts: string } | null;
  error?: string;
};

/**
 * The newest stored page of a source's container (by the id, id prefix or name the source names
 * it by: a name reads the newest stream of that name), as a stored view opened at the newest
 * shows first; null when the store holds no such stream.
 */
export async function newestStoredPage(target: SourceTarget): Promise<StoredLogPage | null> {
  try {
    return await fetchStoredLogs({
      agent: target.agent,
      container: target.container,
      direction: 'older',
      limit: STORED_FIRST_PAGE,
    });
  } catch (error) {
    // The manager keeps no store, or no stream of that container: there is nothing stored to show.
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Fills a viewer's buffer from the store instead of a subscription: the lines around `seq` (a
 * search hit), or the newest page (a removed container). Older pages then come from the source's
 * OlderLines, anchored at the oldest line this put in.
 */
export async function loadStoredView(
  source: SourceKey,
  view: StoredView,
  target: { buffer: LogBuffer; pipeline: FilterPipeline; newId(): number },
): Promise<StoredViewOutcome> {
  const slash = source.indexOf('/');
  const agent = source.slice(0, slash);
  try {
    const page = await fetchStoredLogs(
      view.seq === undefined
        ? { agent, container: view.containerId, direction: 'older', limit: STORED_FIRST_PAGE }
        : {
            agent,
            container: view.containerId,
            aroundSeq: view.seq,
            before: STORED_CONTEXT_LINES,
            after: STORED_CONTEXT_LINES,
          },
    );
    const rows = toViewEntries(source, page.entries, target.newId);
    target.pipeline.applyChange(target.buffer.append(rows), target.buffer.droppedMarker);
    const focus = rows.find((row) => row.kind === 'line' && row.seq === view.seq);
    const oldest = page.entries.find((entry) => entry.kind === 'line');
    return {
      focusId: focus?.id ?? null,
      oldest: oldest ? { seq: oldest.seq, ts: oldest.ts } : null,
    };
  } catch (error) {
    return { focusId: null, oldest: null, error: error instanceof Error ? error.message : String(error) };
  }
}
