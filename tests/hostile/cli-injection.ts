import { runBosun } from '../kit/index.ts';
import type { CaseCount } from './hostile-figures.ts';

/** A hostile command line and the exit code it must end with. */
type CliCase = { args: string[]; exit: number };

const USAGE = 2;
const NOT_FOUND = 4;

/**
 * Hostile arguments for every kind of value the CLI reads: container refs, times, counts,
 * durations, names and `--manager` URLs. `host` is a real host of the manager, so a well-formed
 * ref that names nothing reaches it and is answered `not found`.
 */
function cliCases(host: string): CliCase[] {
  const long = 'a'.repeat(5000);
  return [
    { args: ['logs', `${host}/../../etc/passwd`], exit: USAGE },
    { args: ['stop', `${host}/c;rm -rf / $(id)`], exit: USAGE },
    { args: ['start', `${host}/${long}`], exit: USAGE },
    { args: ['stop', `${host}/c\r\nX-Injected: 1`], exit: USAGE },
    { args: ['logs', `${host}/nothing-here`, '--since', "1' OR '1'='1"], exit: USAGE },
    { args: ['logs', `${host}/nothing-here`, '--until', '2026-13-45T99:99:99Z'], exit: USAGE },
    { args: ['logs', `${host}/nothing-here`, '--since', '99999999999999999999'], exit: USAGE },
    { args: ['logs', `${host}/nothing-here`, '--tail', '1e999'], exit: USAGE },
    { args: ['stop', `${host}/nothing-here`, '--time', '-5'], exit: USAGE },
    { args: ['ps', '../../etc'], exit: USAGE },
    { args: ['ps', '--format', '../x'], exit: USAGE },
    { args: ['token', 'create', '--ttl', '1e999d'], exit: USAGE },
    { args: ['token', 'create', '--name', '../x'], exit: USAGE },
    { args: ['ps', '--manager', 'http://admin:secret@127.0.0.1:1'], exit: USAGE },
    { args: ['ps', '--manager', 'javascript:alert(1)'], exit: USAGE },
    { args: ['hosts', '--manager', 'http://127.0.0.1:99999'], exit: USAGE },
    { args: ['hosts', '--manager', 'http://127.0.0.1:1\r\nX-Injected: 1'], exit: USAGE },
    { args: ['logs', `${host}/nothing-here`], exit: NOT_FOUND },
    { args: ['stop', `${host}/nothing-here`], exit: NOT_FOUND },
  ];
}

/**
 * Runs `bosun` with each hostile command line (logged in as the bed's admin): each ends with its
 * exit code and one line on stderr, never a stack trace.
 */
export async function injectCli(env: Record<string, string>, host: string): Promise<CaseCount> {
  const cases = cliCases(host);
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < cases.length) {
        const c = cases[next++] as CliCase;
        const result = await runBosun(c.args, env);
        const lines = result.stderr.trimEnd().split('\n');
        const shown = JSON.stringify(c.args).slice(0, 120);
        if (result.code !== c.exit)
          failures.push(`${shown}: exit ${result.code}, not ${c.exit}: ${result.stderr.slice(0, 300)}`);
        if (/\n\s+at /.test(result.stderr))
          failures.push(`${shown}: a stack trace: ${result.stderr.slice(0, 300)}`);
        // Commander adds a hint line after its own errors; ours are one line.
        if (lines.length > 2) failures.push(`${shown}: ${lines.length} lines on stderr`);
      }
    }),
  );
  if (failures.length > 0) throw new Error(`hostile command lines mishandled:\n${failures.join('\n')}`);
  return { cases: cases.length, refused: cases.length };
}
