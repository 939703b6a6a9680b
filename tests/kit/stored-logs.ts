import { type LogEntry, logEntrySchema, type StoredStreamView, storedLogPageSchema } from '@bosun/protocol';
import type { RunningManager } from '@bosun/server';
import { z } from 'zod';
import type { ApiClient } from './test-manager.ts';
import { waitFor } from './wait-for.ts';

/**
 * Waits until the manager's store holds a line `text` among the newest lines of container `id`
 * on `host` (read through `/api/stored-logs` as `client`); returns the stored stream.
 */
export async function waitForStoredLine(
  client: ApiClient,
  host: string,
  id: string,
  text: string,
): Promise<StoredStreamView> {
  const path = `/api/stored-logs?${new URLSearchParams({ agent: host, container: id, direction: 'older', limit: '3' })}`;
  let seen: unknown;
  await waitFor(
    async () => {
      const answer = await client.call('GET', path);
      seen = answer.body;
      const page = z.object({ entries: z.array(logEntrySchema) }).safeParse(answer.body);
      return page.success && page.data.entries.some((e) => e.kind === 'line' && e.text === text);
    },
    {
      timeoutMs: 20_000,
      what: `the store to hold ${JSON.stringify(text)}`,
      detail: () => JSON.stringify(seen),
    },
  );
  return storedLogPageSchema.parse(await client.ok('GET', path)).stream;
}

/** Everything an in-process manager's store holds for a stream, oldest first, once its queue is written. */
export async function allStoredEntries(
  manager: RunningManager,
  agentId: string,
  containerId: string,
): Promise<LogEntry[]> {
  await manager.logStore.flush();
  const entries: LogEntry[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await manager.logStore.read({
      agentId,
      containerId,
      order: 'oldest',
      limit: 5000,
      ...(afterSeq === undefined ? {} : { afterSeq }),
    });
    entries.push(...page.entries);
    if (page.next === null) return entries;
    afterSeq = page.next;
  }
}
