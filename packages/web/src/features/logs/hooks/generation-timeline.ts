import { generationMarkerText } from '@bosun/protocol';
import { fetchGenerations } from '../api/container-generations.ts';
import {
  GenerationFollower,
  type LogSession,
  noticeMarker,
  parseSourceKey,
  type ViewEntry,
} from '../model/index.ts';

/**
 * Keeps each source of `session` on its container's identity: when the container is removed and
 * another takes its identity (a recreation), `mark` gets the marker "new container … (generation
 * N) created at …" and the source goes on with the new container, below the lines it had.
 * Returns the function that stops it.
 */
export function followGenerations(
  session: LogSession,
  mark: (marker: ViewEntry) => void,
  newId: () => number,
): () => void {
  const follower = new GenerationFollower({
    generations: fetchGenerations,
    found: (source, generation) => {
      mark(noticeMarker(source, generationMarkerText(generation), newId));
      session.follow(source, generation.containerId);
    },
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  });
  const off = session.on('entries', (source, entries) => {
    if (!entries.some((entry) => entry.kind === 'end' && entry.reason === 'removed')) return;
    const target = parseSourceKey(source);
    const containerId = session.containerId(source);
    if (containerId !== undefined && !('error' in target))
      follower.removed(source, target.agent, containerId);
  });
  return () => {
    off();
    follower.dispose();
  };
}
