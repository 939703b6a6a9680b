import { setTimeout as sleep } from 'node:timers/promises';
import {
  Backoff,
  type BackoffOptions,
  type FleetEvent,
  fleetEventSchema,
  ProtocolError,
} from '@bosun/protocol';
import { ManagerClient } from './http-client.ts';
import type { ManagerResponse } from './manager-response.ts';
import type { TokenSource } from './saved-token.ts';
import { sseData } from './sse-reader.ts';

// Like `logs -f`: never close to zero, so a manager that is restarting is not hammered.
const RECONNECT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 15_000, jitter: 'equal' };

// A refusal of the request itself (bad role, unknown route) will be refused again: stop. Anything
// else (manager unreachable or restarting, too many streams for now) is worth another try.
const FINAL_CODES: ReadonlySet<string> = new Set(['unauthorized', 'forbidden', 'invalid_data', 'not_found']);

/** What the follower tells its command. */
export type FleetEventHandlers = {
  /** The stream is open; `again` after a lost one. The client is for reading lists now. */
  connected(client: ManagerClient, again: boolean): Promise<void>;
  event(event: FleetEvent): Promise<void>;
  /** The stream was lost (`reason` for a person) and is about to be opened again. */
  lost(reason: string): void;
  /** A refused token was replaced by a renewed one (another bosun renewed it meanwhile). */
  renewed(): void;
};

/**
 * Follows `GET /api/events` until `signal` aborts: each event is validated and handed on in
 * order, one at a time (the next is read only once the handler is done, so a slow output slows
 * the reading and the manager, past its bound, drops the stream, which is then reopened). A lost
 * stream is reopened with backoff; the manager replays nothing, so the handler learns of each
 * reconnect. A refused token ends it unless `tokens` has a renewed one; so does a refusal of the
 * request itself.
 */
export async function followFleetEvents(
  manager: string,
  tokens: TokenSource,
  signal: AbortSignal,
  handlers: FleetEventHandlers,
): Promise<void> {
  const backoff = new Backoff(RECONNECT_BACKOFF);
  let again = false;
  while (!signal.aborted) {
    const token = tokens.current();
    try {
      const client = new ManagerClient(manager, { token });
      const response = await client.send('/api/events', { signal });
      await handlers.connected(client, again);
      again = true;
      backoff.reset();
      await readEvents(response, handlers);
      if (!signal.aborted) handlers.lost('the manager ended the stream');
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ProtocolError && FINAL_CODES.has(error.code)) {
        if (error.code !== 'unauthorized' || (await tokens.replacement(token)) === undefined) throw error;
        handlers.renewed();
        continue;
      }
      handlers.lost(error instanceof Error ? error.message : String(error));
    }
    await sleep(backoff.next(), undefined, { signal }).catch(() => {
      // Aborted (Ctrl-C) while waiting to reconnect: the loop's condition ends it.
    });
  }
}

async function readEvents(response: ManagerResponse, handlers: FleetEventHandlers): Promise<void> {
  if (!response.body) return;
  for await (const data of sseData(response.body)) {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      continue; // Not JSON: nothing a person could read from it either; the next event may be.
    }
    const parsed = fleetEventSchema.safeParse(json);
    // A kind of event a newer manager added is skipped, as the web UI skips it.
    if (parsed.success) await handlers.event(parsed.data);
  }
}
