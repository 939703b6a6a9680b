import { once } from 'node:events';
import { agentListResponseSchema, containerListResponseSchema, type FleetEvent } from '@bosun/protocol';
import { painter, useColour } from '../client/colour.ts';
import { followFleetEvents } from '../client/fleet-event-follower.ts';
import {
  type EventFilter,
  eventPasses,
  FLEET_EVENT_TYPES,
  FleetNames,
  formatEventJson,
  formatEventLine,
  isEventType,
} from '../client/fleet-event-lines.ts';
import { ManagerClient } from '../client/http-client.ts';
import { loadLiveConnection } from '../client/settings.ts';
import { parseHost } from '../client/target.ts';
import { UsageError } from '../exit-codes.ts';
import type { EventsOptions } from './events.ts';

/** The body of `bosun events`. */
export async function runEvents(options: EventsOptions): Promise<void> {
  const filter = parseFilter(options);
  const connection = await loadLiveConnection(options);
  const output = new EventOutput(options, filter);
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.on('error', stop);
  try {
    if (!options.follow) {
      const client = new ManagerClient(connection.manager, { token: connection.tokens.current() });
      for (const event of await snapshot(client)) await output.print(event, interrupt.signal);
      return;
    }
    const stopRenewing = connection.tokens.keepRenewed();
    try {
      await followFleetEvents(connection.manager, connection.tokens, interrupt.signal, {
        connected: async (client, again) => {
          for (const event of await snapshot(client)) output.names.learn(event);
          if (again) note('the event stream is back; changes while it was lost are not replayed');
          else if (options.verbose) note("following the fleet's events");
        },
        event: (event) => output.print(event, interrupt.signal),
        lost: (reason) => note(`lost the event stream (${reason}); reconnecting`),
        renewed: () => note('the saved API token was renewed; following on with the new one'),
      });
    } finally {
      stopRenewing();
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function note(text: string): void {
  process.stderr.write(`bosun: ${text}\n`);
}

function parseFilter(options: EventsOptions): EventFilter {
  for (const type of options.type) {
    if (!isEventType(type)) {
      throw new UsageError(
        `--type ${JSON.stringify(type)} is not an event type: ${FLEET_EVENT_TYPES.join(', ')}`,
      );
    }
  }
  return { hosts: options.host.map(parseHost), types: options.type };
}

/**
 * The fleet as it is now, as the events that would have built it: each host (`agent.updated`,
 * with its view), then each container (`container.upserted`), in name order.
 */
async function snapshot(client: ManagerClient): Promise<FleetEvent[]> {
  const [{ agents }, { containers }] = await Promise.all([
    client.json('/api/agents', agentListResponseSchema),
    client.json('/api/containers', containerListResponseSchema),
  ]);
  const hosts = agents
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((agent): FleetEvent => ({ type: 'agent.updated', agent }));
  const rows = containers
    .sort((a, b) => a.agentName.localeCompare(b.agentName) || a.name.localeCompare(b.name))
    .map(
      ({ agentId, agentName: _name, ...container }): FleetEvent => ({
        type: 'container.upserted',
        agentId,
        container,
      }),
    );
  return [...hosts, ...rows];
}

// Writes each event that passes the filter; when stdout is full, waits for it to drain before
// the next event is read, so memory stays bounded by one event however slow the reader is.
class EventOutput {
  readonly names = new FleetNames();
  readonly #options: EventsOptions;
  readonly #filter: EventFilter;
  readonly #paint = painter(useColour(process.stdout));

  constructor(options: EventsOptions, filter: EventFilter) {
    this.#options = options;
    this.#filter = filter;
  }

  async print(event: FleetEvent, signal: AbortSignal): Promise<void> {
    this.names.learn(event);
    if (signal.aborted || !eventPasses(event, this.#filter, this.names)) return;
    const now = Date.now();
    const text =
      this.#options.format === 'json'
        ? formatEventJson(event, this.names, now)
        : formatEventLine(event, this.names, now, this.#paint);
    if (!process.stdout.write(text)) {
      // A closed pipe aborts `signal` (the stdout error handler), which ends the wait.
      await once(process.stdout, 'drain', { signal }).catch(() => {});
    }
  }
}
