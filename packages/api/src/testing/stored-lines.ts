import type { LogStore, LogStreamMeta } from '@bosun/hub';
import type { LogLine } from '@bosun/protocol';

/** Line `seq` of a stored stream, one second apart from 2026-11-25T02:30:00Z on (half an hour before the test clock's start). */
export function storedLine(seq: number, text: string, stream: LogLine['stream'] = 'stdout'): LogLine {
  const ts = new Date(Date.UTC(2026, 10, 25, 2, 30) + seq * 1000)
    .toISOString()
    .replace('.000Z', '.000000001Z');
  return { kind: 'line', seq, ts, stream, text };
}

/** A stream's meta for `container` of `agentId`, its identity its name. */
export function streamMeta(
  agentId: string,
  hostName: string,
  container: { id: string; name: string },
): LogStreamMeta {
  return {
    agentId,
    containerId: container.id,
    identity: container.name,
    hostName,
    containerName: container.name,
    image: 'busybox:latest',
    labels: {},
    createdAt: 1_764_040_000_000,
  };
}

/** Appends the lines and waits until the store has written them. */
export async function storeLines(
  store: LogStore,
  meta: LogStreamMeta,
  lines: readonly LogLine[],
): Promise<void> {
  store.append(meta, lines);
  await store.flush();
}
