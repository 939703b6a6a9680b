// The viewer's pattern worker: runs the regex searches of the log viewer off the page's thread,
// where the page can terminate one that never ends (PatternWorkerClient). It loads no zod (the
// pattern module does not use it), so the page's jitless setting has nothing to hold here.
import { PatternWorkerCore } from '../model/pattern-worker-core.ts';
import type { ToPatternWorker } from '../model/pattern-worker-messages.ts';

// The page's lib types `self` as a Window; in a dedicated worker it is the worker's scope. Its
// only sender is the viewer's PatternWorkerClient, from the same build.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToPatternWorker>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};
const core = new PatternWorkerCore((message, transfer = []) => scope.postMessage(message, transfer));
scope.onmessage = (event) => core.handle(event.data);
