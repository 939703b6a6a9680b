import pino from 'pino';
import { useColour } from './client/colour.ts';
import { UsageError } from './exit-codes.ts';

/** How `bosun manager` and `bosun agent` write their log lines. */
export type LogFormat = 'json' | 'pretty';

/**
 * BOSUN_LOG_FORMAT (`json` or `pretty`) if set, else readable lines on a terminal and JSON lines
 * otherwise (a service manager, a pipe, a file), where log collectors want them.
 */
export function chooseLogFormat(env: NodeJS.ProcessEnv, stderr: { isTTY?: boolean }): LogFormat {
  const asked = env.BOSUN_LOG_FORMAT;
  if (asked === 'json' || asked === 'pretty') return asked;
  if (asked !== undefined && asked !== '') {
    throw new UsageError(`BOSUN_LOG_FORMAT must be json or pretty, not ${JSON.stringify(asked)}`);
  }
  return stderr.isTTY === true ? 'pretty' : 'json';
}

/**
 * A logger to stderr, so stdout stays for command output. Readable lines go through pino-pretty
 * as a synchronous stream in this process (a worker transport would need files beside the
 * single-file agent, and could lose the last lines at exit); it is loaded only when chosen, and
 * colours only where `useColour` allows.
 */
export async function createLogger(
  name: string,
  level = process.env.BOSUN_LOG_LEVEL ?? 'info',
): Promise<Logger> {
  const options = { name, level, base: { pid: process.pid } };
  if (chooseLogFormat(process.env, process.stderr) === 'json') return pino(options, pino.destination(2));
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    destination: 2,
    sync: true,
    colorize: useColour(process.stderr),
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino(options, stream);
}

/** A pino logger writing to stderr. */
export type Logger = pino.Logger;
