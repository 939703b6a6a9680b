import { afterAll, beforeAll } from 'vitest';
import {
  dockerLogs,
  type Engine,
  type RunningContainer,
  runContainer,
  spawnBosun,
  type WatchedChild,
  waitFor,
  waitForExit,
  watchChild,
} from '../kit/index.ts';
import { checkPrinted, checkViewer, type Delivery, linesOf, sumDeliveries } from './delivery-check.ts';
import { FaultBed, HOST } from './fault-bed.ts';
import { FaultViewer, type Watched } from './fault-viewer.ts';

const SETTLE_TIMEOUT_MS = 90_000;

/** Who watches a container through a fault: protocol viewers and a `bosun logs -f`. */
export type Audience = {
  viewers: FaultViewer[];
  watched: Watched[];
  cli: WatchedChild;
};

/**
 * A shell script that prints `<tag> <n>` for n = 1..`lines` (0: without end), `pause` seconds
 * apart, and exits 0 on SIGTERM. The count lives in the container's file system, so a run after
 * a restart goes on numbering where the last stopped and every line stays unique.
 */
export function tickerScript(tag: string, lines: number, pause: number): string {
  const more = lines > 0 ? `[ $n -lt ${lines} ]` : 'true';
  return (
    `trap 'exit 0' TERM; n=$(cat /tmp/n 2>/dev/null || echo 0); ` +
    `while ${more}; do n=$((n+1)); echo $n > /tmp/n; echo "${tag} $n"; sleep ${pause}; done`
  );
}

/** `viewers` protocol viewers and a `bosun logs -f` following `container`, all live. */
export async function watchContainer(
  bed: FaultBed,
  container: RunningContainer,
  viewers = 2,
): Promise<Audience> {
  const audience: Audience = { viewers: [], watched: [], cli: followWithCli(bed, container) };
  for (let i = 0; i < viewers; i++) {
    const viewer = new FaultViewer(bed.url, bed.viewerHeaders());
    audience.viewers.push(viewer);
    audience.watched.push(await viewer.watch(HOST, container.id));
  }
  await waitFor(() => audience.cli.stderr().includes('following the live stream'), {
    timeoutMs: 30_000,
    what: 'bosun logs -f to follow the live stream',
    detail: audience.cli.stderr,
  });
  return audience;
}

// Every `bosun logs -f` started, so a failed test cannot leave one retrying after its bed is gone.
const followers = new Set<WatchedChild>();

/** `bosun logs -f -v host/container`, as a process. */
export function followWithCli(bed: FaultBed, container: RunningContainer): WatchedChild {
  const follower = watchChild(spawnBosun(['logs', '-f', '-v', `${HOST}/${container.name}`], bed.cliEnv));
  followers.add(follower);
  void follower.done.finally(() => followers.delete(follower));
  return follower;
}

/** Ends every `bosun logs -f` still running (after a test that failed before its end). */
export function stopFollowers(): void {
  for (const follower of followers) follower.child.kill('SIGKILL');
}

/** Waits until every viewer and the CLI have shown `text`. */
export async function waitForShown(audience: Audience, text: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    () =>
      audience.watched.every((w) => w.lines.some((line) => line.text === text)) &&
      audience.cli.stdout().includes(`${text}\n`),
    { timeoutMs, what: `every viewer and bosun logs -f to show ${JSON.stringify(text)}` },
  );
}

/** The lines a container's stdout holds in Docker, in Docker's order. */
export async function dockerLines(bed: FaultBed, container: RunningContainer): Promise<string[]> {
  const { stdout } = await dockerLogs(bed.engine, container.id, { stdout: true, stderr: false });
  return linesOf(stdout.toString('utf8'));
}

/** Every client's delivery of one container, and the sum. */
export type Settled = { viewers: Delivery[]; cli: Delivery; total: Delivery; expected: string[] };

/**
 * Once the container has written its last line: waits until every viewer holds each line Docker
 * holds (or a gap naming it) and the CLI printed each, compares, removes the container (which
 * ends the CLI's follow) and closes the viewers. A wait that runs out still compares, so the
 * figures say what was missing.
 */
export async function settle(
  bed: FaultBed,
  audience: Audience,
  container: RunningContainer,
): Promise<Settled> {
  const expected = await dockerLines(bed, container);
  const compare = () => ({
    viewers: audience.watched.map((w) => checkViewer(expected, w)),
    cli: checkPrinted(expected, linesOf(audience.cli.stdout())),
  });
  await waitFor(
    () => {
      const now = compare();
      return [...now.viewers, now.cli].every((d) => d.lostWithoutGap === 0);
    },
    {
      timeoutMs: SETTLE_TIMEOUT_MS,
      what: 'every viewer and bosun logs -f to have every line Docker holds',
      detail: () => JSON.stringify(compare()),
    },
  ).catch((error: Error) => console.error(error.message));
  await container.container.remove({ force: true });
  await waitFor(() => audience.cli.child.exitCode !== null, {
    timeoutMs: 30_000,
    what: 'bosun logs -f to end with the removed container',
    detail: audience.cli.stderr,
  });
  for (const viewer of audience.viewers) viewer.close();
  const final = compare();
  return { ...final, total: sumDeliveries([...final.viewers, final.cli]), expected };
}

/** A first pass of traffic through the bed, so heap baselines measure leaks, not warm-up. */
export async function warmUp(bed: FaultBed): Promise<void> {
  const container = await runContainer(bed.engine, {
    name: 'warm-up',
    cmd: ['sh', '-c', tickerScript('warm', 300, 0)],
  });
  const audience = await watchContainer(bed, container);
  await waitForExit(bed.engine, container.id);
  await settle(bed, audience, container);
}

/** For a test file: a fault bed on `engine`, started before its tests and closed after them. */
export function useFaultBed(engine: () => Engine): { bed: FaultBed } {
  const holder = {} as { bed: FaultBed };
  beforeAll(async () => {
    holder.bed = await FaultBed.start(engine());
    await warmUp(holder.bed);
  });
  afterAll(async () => {
    stopFollowers();
    await holder.bed?.close();
  });
  return holder;
}
