import { generationMarkerText } from '@bosun/protocol';
import { ApiError } from '../../../lib/api-client.ts';
import { fetchGenerations } from '../api/container-generations.ts';
import { fetchStoredLogs } from '../api/stored-logs.ts';
import {
  type FilterPipeline,
  type LogBuffer,
  noticeMarker,
  OlderLines,
  type OlderState,
  type SourceKey,
  toViewEntries,
  type ViewEntry,
} from '../model/index.ts';

/** What a source's "load older" writes into: the viewer's buffer and pipeline, its id counter. */
export type OlderTarget = {
  buffer: LogBuffer;
  pipeline: FilterPipeline;
  newId(): number;
  onState(source: SourceKey, state: OlderState): void;
};

/**
 * A source's OlderLines wired to the manager: pages from `GET /api/stored-logs` (older direction,
 * by seq), the previous generation from `GET /api/agents/:agent/generations`, and what they bring
 * put above the held lines (LogBuffer.prependOlder, never evicting).
 */
export function olderLoader(source: SourceKey, agent: string, target: OlderTarget): OlderLines {
  return new OlderLines({
    fetchPage: async (containerId, beforeSeq, limit) => {
      try {
        const page = await fetchStoredLogs({
          agent,
          container: containerId,
          direction: 'older',
          limit,
          ...(beforeSeq === undefined ? {} : { beforeSeq }),
        });
        return { entries: page.entries, more: page.older !== null };
      } catch (error) {
        // The store holds nothing of the container (or the manager keeps no store): nothing older
        // was kept, which is what the header then says.
        if (error instanceof ApiError && error.status === 404) return { entries: [], more: false };
        throw error;
      }
    },
    previousGeneration: async (containerId) => {
      const { generations } = await fetchGenerations(agent, containerId);
      const index = generations.findIndex((g) => g.containerId === containerId);
      const current = generations[index];
      const previous = generations[index - 1];
      if (index < 1 || !current || !previous) return null;
      return { containerId: previous.containerId, markerText: generationMarkerText(current) };
    },
    room: () => target.buffer.room,
    take: (entries, marker) => {
      const rows: ViewEntry[] = toViewEntries(source, entries, target.newId);
      if (marker) rows.push(noticeMarker(source, marker.text, target.newId, marker.ts));
      const change = target.buffer.prependOlder(rows);
      target.pipeline.applyChange(change, target.buffer.droppedMarker);
    },
    onState: (state) => target.onState(source, state),
  });
}
