import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The single-file `bosun` command people run; scripts/test.sh (npm run build:cli) builds it before vitest. */
export const BOSUN_BUNDLE = fileURLToPath(new URL('../../packages/cli/dist/bosun.mjs', import.meta.url));
/** The single-file agent hosts run; scripts/test.sh builds it before vitest. */
export const AGENT_BUNDLE = fileURLToPath(
  new URL('../../packages/cli/dist/bosun-agent.mjs', import.meta.url),
);

export type CliResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
};

/** How a child is started beyond its arguments and environment. */
export type SpawnOptions = {
  /** Node flags before the script, e.g. `--inspect=127.0.0.1:0` to measure its heap. */
  nodeArgs?: readonly string[];
  /** Another single-file agent than the tree's (spawnAgentBundle only), e.g. an older build. */
  file?: string;
};

/** The real `bosun` command (the single file) as a child process, on this process's Node (24). */
export function spawnBosun(
  args: readonly string[],
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): ChildProcess {
  if (!existsSync(BOSUN_BUNDLE)) {
    throw new Error(`build the single-file bosun command first: npm run build:cli (no ${BOSUN_BUNDLE})`);
  }
  return spawn(process.execPath, [...(options.nodeArgs ?? []), BOSUN_BUNDLE, ...args], {
    env: { ...process.env, BOSUN_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A child process, what it has written so far, and everything once it exits. */
export type WatchedChild = {
  child: ChildProcess;
  /** Settles with the whole output once the child exits. */
  done: Promise<CliResult>;
  /** Its stdout so far, as text. */
  stdout(): string;
  /** Its stderr so far, as text. */
  stderr(): string;
  /** Sends SIGINT, as Ctrl-C would, and waits for the exit. */
  interrupt(): Promise<CliResult>;
};

/** Collects a child's output from now on, readable while it runs (a `bosun logs -f`) and after. */
export function watchChild(child: ChildProcess): WatchedChild {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
  return {
    child,
    done,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    interrupt: () => {
      child.kill('SIGINT');
      return done;
    },
  };
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  return watchChild(child).done;
}

export function runBosun(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return finished(spawnBosun(args, env));
}

/** `bosun-agent.mjs` (the single-file agent: `bosun agent`'s options at top level) as a child process. */
export function spawnAgentBundle(
  args: readonly string[],
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): ChildProcess {
  const file = options.file ?? AGENT_BUNDLE;
  if (!existsSync(file)) {
    throw new Error(`build the single-file agent first: npm run build:agent (no ${file})`);
  }
  return spawn(process.execPath, [...(options.nodeArgs ?? []), file, ...args], {
    env: { ...process.env, BOSUN_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
