import { beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  openGate,
  runContainer,
  WAIT_AT_GATE,
  waitFor,
  waitForDockerLog,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs --grep` through the shared pattern module: ordinary patterns select exactly the
// lines they match, and a pattern that backtracks catastrophically on a line still finishes.

const engine = engineFromEnv();
const bed = useCliBed(engine);

// The longest line bosun carries whole (64 KiB: the agent cuts longer ones, and a line cut to
// its a's alone would end the way (a+)+$ wants, with nothing to backtrack over). A backtracking
// engine tries 2^65535 ways to split the a's before giving up on the final b.
const LONG_LINE = "head -c 65535 /dev/zero | tr '\\0' a; echo b";
const ORDINARY = [
  'alpha',
  'GET /api/items/942 200',
  'beta gamma',
  'POST /api/items/17 201',
  'get /api/items/950 200',
];
const PRINT_ORDINARY = ORDINARY.map((line) => `echo '${line}'`).join('; ');

function linesOf(stdout: Buffer): string[] {
  return stdout.toString('utf8').split('\n').slice(0, -1);
}

describe('bosun logs --grep', () => {
  let target: string;

  beforeAll(async () => {
    const c = await bed.runToExit('grep', `${LONG_LINE}; ${PRINT_ORDINARY}`);
    target = `${HOST}/${c.name}`;
    const stored = await dockerLogs(engine, c.id, { stdout: true, stderr: false });
    expect(linesOf(stored.stdout)[0]).toBe(`${'a'.repeat(65535)}b`);
  });

  it('prints the lines (a+)+$ matches, past a 64 KiB line of a ending in b, with and without -i', async () => {
    for (const args of [[], ['-i']]) {
      const result = await bed.bosun(['logs', '--grep', '(a+)+$', ...args, target]);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(linesOf(result.stdout)).toEqual(['alpha', 'beta gamma']);
    }
  });

  it('selects exactly the lines an ordinary pattern matches, case-sensitively unless -i', async () => {
    const exact = await bed.bosun(['logs', '--grep', 'GET /api/items/9\\d+', target]);
    expect(exact.code).toBe(0);
    expect(linesOf(exact.stdout)).toEqual(['GET /api/items/942 200']);
    const anyCase = await bed.bosun(['logs', '--ignore-case', '--grep', 'GET /api/items/9\\d+', target]);
    expect(anyCase.code).toBe(0);
    expect(linesOf(anyCase.stdout)).toEqual(['GET /api/items/942 200', 'get /api/items/950 200']);
  });

  it('refuses an invalid pattern before asking the manager: exit 2, one line', async () => {
    const result = await bed.bosun(['logs', '--grep', 'a(b', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('bosun: --grep: Invalid regular expression: Unterminated group\n');
    expect(result.stdout.length).toBe(0);
  });

  it('refuses what only a backtracking engine could run when V8 cannot guard it', async () => {
    // With -i, V8's linear engine cannot take over, so the pattern goes to re2js, which has no lookahead.
    const result = await bed.bosun(['logs', '-i', '--grep', 'a(?=l)', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'bosun: --grep: The linear regex engine cannot run lookahead ((?=…), (?!…))\n',
    );
  });

  it('-i without --grep is a usage error', async () => {
    const result = await bed.bosun(['logs', '-i', target]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('bosun: -i/--ignore-case applies to --grep, which is missing\n');
  });

  it('-f filters the live lines too', async () => {
    const script = `echo 'old alpha'; echo 'old beta'; ${WAIT_AT_GATE}; ${LONG_LINE}; ${PRINT_ORDINARY}; echo done-a; exec sleep 1000`;
    const c = await runContainer(engine, { name: 'grep-follow', cmd: ['sh', '-c', script] });
    await bed.waitForContainer(c.name);
    await waitForDockerLog(engine, c.id, 'old beta', { what: 'the history lines' });
    const bosun = await bed.followLive(['--grep', '(a+)+$', `${HOST}/${c.name}`]);
    await openGate(c.container);
    await waitFor(() => bosun.stdout().includes('done-a\n'), {
      timeoutMs: 30_000,
      what: 'bosun to print the last live line',
    });
    const result = await bosun.interrupt();
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout)).toEqual(['old alpha', 'old beta', 'alpha', 'beta gamma', 'done-a']);
    await c.container.remove({ force: true });
  });
});
