import type { ContainerState } from '@bosun/protocol';

const TONE: Record<ContainerState, string> = {
  running: 'ok',
  restarting: 'warn',
  paused: 'warn',
  created: 'muted',
  removing: 'warn',
  exited: 'muted',
  dead: 'bad',
};

/** A container's state as a pill, coloured by how well it is doing. */
export function StateBadge({ state }: { state: ContainerState }) {
  return <span className={`pill pill-${TONE[state]}`}>{state}</span>;
}
