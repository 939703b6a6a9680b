import { type DataOf, logReadSchema, ProtocolError } from '@bosun/protocol';
import type { AgentSession } from '../agents/agent-session.ts';
import { defaultTimeoutMs } from '../agents/request-timeouts.ts';
import { newId } from '../secrets.ts';

/** Which stored lines a read asks for (as `docker logs` takes them) and how long it may take. */
export type ReadLogsOptions = {
  tail?: number | 'all';
  since?: string;
  until?: string;
  timeoutMs?: number;
};

/** One batch of a read, in the order Docker stored it. */
export type ReadLogsEntries = DataOf<'log.read.batch'>['entries'];

/**
 * A one-shot read of a container's stored logs (not a live stream): the agent pushes
 * `log.read.batch` frames tagged with the read's id, then answers the request with the count.
 * At most `maxReads` run per agent connection; more fail with `limit_exceeded`. The read ends
 * with the request, whichever way it ends, including the agent disconnecting.
 */
export async function readLogs(
  session: AgentSession,
  container: string,
  options: ReadLogsOptions,
  onEntries: (entries: ReadLogsEntries) => void,
  maxReads: number,
): Promise<{ lines: number }> {
  if (session.reads.size >= maxReads) {
    throw new ProtocolError('limit_exceeded', `at most ${maxReads} log reads at once per agent`);
  }
  const readId = newId('rd_');
  const data: DataOf<'log.read'> = { container, readId };
  if (options.tail !== undefined) data.tail = options.tail;
  if (options.since !== undefined) data.since = options.since;
  if (options.until !== undefined) data.until = options.until;
  // Checked here so a bad `since` is the caller's error, not a round trip to the agent.
  const checked = logReadSchema.safeParse(data);
  if (!checked.success)
    throw new ProtocolError('invalid_data', checked.error.issues[0]?.message ?? 'invalid log read');
  session.reads.set(readId, onEntries);
  try {
    const result = await session.request(
      'log.read',
      data,
      options.timeoutMs ?? defaultTimeoutMs('log.read', data),
    );
    return { lines: result.lines };
  } finally {
    session.reads.delete(readId);
  }
}
