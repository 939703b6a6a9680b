import { Backoff, fleetEventSchema } from '@bosun/protocol';
import { ManagerClient } from '../http-client.ts';
import type { TokenSource } from '../saved-token.ts';

/** What a fleet watch needs: the manager, its token, and what to call when the container list may have changed. */
export type FleetWatchOptions = {
  manager: string;
  tokens: TokenSource;
  signal: AbortSignal;
  onChange(): void;
};

const EVENT_BACKOFF = { initialMs: 250, maxMs: 10_000, jitter: 'equal' } as const;
const MAX_EVENT_LINE = 1 << 20;

/**
 * Tells the fleet tail when to read the container list again, from the manager's fleet events
 * (`GET /api/events`, Server-Sent Events). The events trigger and the list is the truth: a
 * container or host event, the first connect and every reconnect (events are not replayed)
 * each call `onChange`, and the tail compares the list with what it follows. A dropped stream
 * is reopened with backoff until `signal` ends the watch.
 */
export async function watchFleet(options: FleetWatchOptions): Promise<void> {
  const backoff = new Backoff(EVENT_BACKOFF);
  while (!options.signal.aborted) {
    try {
      await readEvents(options, () => backoff.reset());
    } catch {
      // The stream failed (manager restarting, network): the next connect lists again.
    }
    if (options.signal.aborted) return;
    await pause(backoff.next(), options.signal);
  }
}

async function readEvents(options: FleetWatchOptions, connected: () => void): Promise<void> {
  const client = new ManagerClient(options.manager, { token: options.tokens.current() });
  const response = await client.send('/api/events', { signal: options.signal });
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) return;
  connected();
  // Whatever happened while no stream was open is only in the list.
  options.onChange();
  let pending = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      pending += value;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > MAX_EVENT_LINE) throw new Error('an event line too long');
      if (lines.some(isFleetChange)) options.onChange();
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function isFleetChange(line: string): boolean {
  if (!line.startsWith('data:')) return false;
  let json: unknown;
  try {
    json = JSON.parse(line.slice(5));
  } catch {
    // Not an event of ours; nothing to act on.
    return false;
  }
  const parsed = fleetEventSchema.safeParse(json);
  if (!parsed.success) return false;
  return parsed.data.type !== 'docker.status' && parsed.data.type !== 'agent.updated';
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
