import type { FromPatternWorker, StartPatternWorker } from '../model/index.ts';

/**
 * Starts the viewer's pattern worker: a module worker from the manager's own origin, which its
 * Content-Security-Policy allows (`default-src 'self'` covers workers). Vite bundles the worker
 * from this exact `new Worker(new URL(…), …)` form.
 */
export const startPatternWorker: StartPatternWorker = (handlers) => {
  const worker = new Worker(new URL('./pattern-worker.ts', import.meta.url), {
    type: 'module',
    name: 'bosun-pattern',
  });
  // Its only sender is pattern-worker.ts, from this same build.
  worker.onmessage = (event: MessageEvent<FromPatternWorker>) => handlers.message(event.data);
  worker.onerror = (event) => {
    // Handled here: the client reports it where the search's errors go.
    event.preventDefault();
    handlers.error(event.message || 'it could not start');
  };
  return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
};
