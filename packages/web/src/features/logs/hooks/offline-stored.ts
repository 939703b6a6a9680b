import { type LogSession, parseSourceKey, type SourceKey } from '../model/index.ts';
import { newestStoredPage } from './stored-view.ts';

/**
 * While a live source's host is offline and nothing of it is held (the manager's ring had none
 * of it, e.g. after a manager restart), puts its newest stored page on screen rather than an
 * empty view. The entries go through the session (`LogSession.takeStored`), so they reach the
 * view as the ring's would, "load older" pages on below them, and once the host is back the
 * subscription resumes right after the newest of them. `shown` gets the time of the newest
 * stored line put in. Each source is looked up once; a container the store does not hold stays
 * as it was. Returns the function that stops it.
 */
export function showStoredWhileOffline(
  session: LogSession,
  shown: (source: SourceKey, lastTs: string) => void,
): () => void {
  const asked = new Set<SourceKey>();
  let stopped = false;
  const off = session.on('source', (source, state) => {
    if (state !== 'agent_offline' || asked.has(source) || session.lastSeq(source) !== undefined) return;
    const target = parseSourceKey(source);
    if ('error' in target) return;
    asked.add(source);
    newestStoredPage(target).then(
      (page) => {
        const newest = page?.entries.findLast((entry) => entry.kind === 'line');
        if (stopped || !page || !newest) return;
        // Refused when the host came back and sent lines first: those stand, and older ones page in.
        if (session.takeStored(source, page.stream.containerId, page.entries)) shown(source, newest.ts);
      },
      () => {
        // The store could not be read: the view stays as it is without one, the source marked
        // offline, and the subscription goes on asking.
      },
    );
  });
  return () => {
    stopped = true;
    off();
  };
}
