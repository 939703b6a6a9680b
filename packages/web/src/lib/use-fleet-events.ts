import { userResponseSchema } from '@bosun/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './api-client.ts';
import { applyFleetEvent } from './apply-fleet-event.ts';
import { parseFleetEvent } from './parse-fleet-event.ts';

const RETRY_MS = 3000;

/** The fleet event stream's connection, for the shell's indicator. */
export type FleetLink = 'connecting' | 'live' | 'reconnecting';

/**
 * Subscribes to GET /api/events (Server-Sent Events) for as long as the app is logged in. After
 * any interruption the cached lists are refetched, since changes made while disconnected were
 * not pushed; EventSource itself retries at the pace the server's `retry:` asks for.
 */
export function useFleetEvents(enabled: boolean): FleetLink {
  const client = useQueryClient();
  const [link, setLink] = useState<FleetLink>('connecting');

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let interrupted = false;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      const current = new EventSource('/api/events');
      source = current;
      current.onopen = () => {
        setLink('live');
        if (interrupted) void client.invalidateQueries();
        interrupted = false;
      };
      current.onmessage = (message: MessageEvent<string>) => {
        const event = parseFleetEvent(message.data);
        if (event) applyFleetEvent(client, event);
      };
      current.onerror = () => {
        interrupted = true;
        setLink('reconnecting');
        // The manager ends the stream at once when the session is withdrawn (logout elsewhere,
        // deleted user). Asking /api/me tells that (api() reports a 401 to the app) from a
        // manager that is restarting or unreachable, and costs one request per interruption.
        const refused = current.readyState === EventSource.CLOSED;
        const again = () => {
          // A refused stream closes the EventSource for good; otherwise it retries by itself.
          if (refused) retry = setTimeout(connect, RETRY_MS);
        };
        api('GET', '/api/me', userResponseSchema).then(again, again);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [enabled, client]);

  return link;
}
