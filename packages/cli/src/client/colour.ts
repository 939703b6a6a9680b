/** A stream colour may be written to: a TTY says so through `isTTY`. */
export type ColourTarget = { isTTY?: boolean };

/**
 * Whether to colour what goes to `stream`: only on a terminal, never with `NO_COLOR` set to
 * anything but the empty string (no-color.org) or on a `TERM=dumb` terminal; `FORCE_COLOR` set
 * and not `0` turns it on wherever the output goes (a pager that renders colour, a CI log).
 */
export function useColour(stream: ColourTarget, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** SGR codes of the few colours the CLI uses. */
export const COLOUR = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  grey: 90,
  bold: 1,
} as const;

/** One of `COLOUR`'s names. */
export type ColourName = keyof typeof COLOUR;

/** `text` in the SGR colour `code`, reset after it; the text's own length is unchanged on screen. */
export function paint(code: number, text: string): string {
  return `\u001b[${code}m${text}\u001b[0m`;
}

/** Paints text in named colours, or leaves it alone when colour is off. */
export type Painter = (colour: ColourName | undefined, text: string) => string;

/** A painter for one output: `paint` when `enabled`, the text unchanged otherwise. */
export function painter(enabled: boolean): Painter {
  return (colour, text) =>
    enabled && colour !== undefined && text !== '' ? paint(COLOUR[colour], text) : text;
}

/** The colour of a container or host state word, as `bosun ps`, `bosun hosts` and events show it. */
export function stateColour(state: string): ColourName | undefined {
  switch (state) {
    case 'running':
    case 'online':
    case 'healthy':
      return 'green';
    case 'paused':
    case 'restarting':
    case 'created':
    case 'outdated':
    case 'starting':
      return 'yellow';
    case 'exited':
    case 'dead':
    case 'offline':
    case 'unhealthy':
    case 'no docker':
    case 'removed':
    case 'revoked':
      return 'red';
    default:
      return undefined;
  }
}
