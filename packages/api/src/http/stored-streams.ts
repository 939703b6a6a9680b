import { canSee, type Hub, type LogStore, type Principal, type StoredLogStream } from '@bosun/hub';
import { ProtocolError, type StoredStreamRef, type StoredStreamView } from '@bosun/protocol';

/** The manager's log store, or the not-found answer every stored-log route gives without one. */
export function requireLogStore(logStore: LogStore | undefined): LogStore {
  if (logStore === undefined) {
    throw new ProtocolError('not_found', 'this manager keeps no log store: stored logs and search are off');
  }
  return logStore;
}

/**
 * The streams the store holds that `principal` may see, newest last line first, each marked
 * `removed` when the manager no longer lists its container (an offline agent's containers count
 * as last listed).
 */
export async function visibleStoredStreams(
  hub: Hub,
  logStore: LogStore,
  principal: Principal,
): Promise<StoredStreamView[]> {
  const streams = (await logStore.streams()).filter((stream) => canSee(principal, stream.agentId));
  const listed = new Set(hub.listContainers(undefined, principal).map((c) => `${c.agentId}/${c.id}`));
  return streams.map((stream) =>
    storedStreamView(stream, !listed.has(`${stream.agentId}/${stream.containerId}`)),
  );
}

function storedStreamView(stream: StoredLogStream, removed: boolean): StoredStreamView {
  return {
    ...storedStreamRef(stream),
    image: stream.image,
    createdAt: stream.createdAt,
    firstTs: stream.firstTs,
    lastTs: stream.lastTs,
    lastSeq: stream.lastSeq,
    lines: stream.lines,
    bytes: stream.bytes,
    removed,
  };
}

/** The host and container fields of a stored stream, as the views carry them. */
export function storedStreamRef(stream: StoredStreamRef): StoredStreamRef {
  return {
    agentId: stream.agentId,
    hostName: stream.hostName,
    containerId: stream.containerId,
    containerName: stream.containerName,
    identity: stream.identity,
  };
}

/**
 * Whether `ref` names this stream: its full id, an id prefix, its container name, or its
 * identity key. Several streams can match (generations of one name); callers choose.
 */
export function storedStreamMatches(stream: StoredStreamRef, ref: string): boolean {
  return stream.containerId.startsWith(ref) || stream.containerName === ref || stream.identity === ref;
}

/**
 * The one stream of an agent `ref` names: the full id, else a unique id prefix, else the newest
 * stream of that container name (a removed container's old name finds its last generation).
 */
export function findStoredStream(
  streams: readonly StoredStreamView[],
  agentId: string,
  ref: string,
): StoredStreamView {
  const own = streams.filter((stream) => stream.agentId === agentId);
  const exact = own.find((stream) => stream.containerId === ref);
  if (exact) return exact;
  const byPrefix = own.filter((stream) => stream.containerId.startsWith(ref));
  if (byPrefix.length > 1) {
    throw new ProtocolError('invalid_data', `container id prefix "${ref}" is ambiguous in the log store`);
  }
  const found = byPrefix[0] ?? own.find((stream) => stream.containerName === ref);
  if (!found) throw new ProtocolError('not_found', `no stored logs of container "${ref}"`);
  return found;
}
