import type { ConnectionState } from '../hooks/use-log-stream.ts';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};
const TONE: Record<ConnectionState, string> = {
  connecting: 'warn',
  live: 'ok',
  reconnecting: 'warn',
  closed: 'bad',
};

/**
 * The state of the viewer's socket as a pill, announced to screen readers; a socket closed for a
 * withdrawn session says "Session expired".
 */
export function ConnectionStatus({ state, detail }: { state: ConnectionState; detail: string | undefined }) {
  const text = state === 'closed' && detail === 'unauthorized' ? 'Session expired' : TEXT[state];
  return (
    <span role="status" aria-label="Connection" className={`pill pill-${TONE[state]}`} title={detail}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}
