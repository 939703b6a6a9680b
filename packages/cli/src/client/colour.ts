/** What `useColour` needs of an output stream. */
export type ColourTarget = { isTTY?: boolean };

/**
 * Whether output to `stream` may carry ANSI colours: only on a terminal, never with `NO_COLOR`
 * set (https://no-color.org) or on a `dumb` terminal; a non-empty `FORCE_COLOR` other than `0`
 * turns it on anywhere.
 */
export function useColour(stream: ColourTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}
