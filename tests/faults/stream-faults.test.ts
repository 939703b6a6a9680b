import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  finished,
  openGate,
  runContainer,
  spawnBosun,
  WAIT_AT_GATE,
  waitFor,
  waitForExit,
} from '../kit/index.ts';
import { checkPrinted, checkViewer, type Delivery, linesOf, sumDeliveries } from './delivery-check.ts';
import { HOST } from './fault-bed.ts';
import { dockerLines, settle, tickerScript, useFaultBed, waitForShown, watchContainer } from './fault-run.ts';
import { judgeFault } from './fault-verdict.ts';
import { FaultViewer } from './fault-viewer.ts';

// The streams themselves misbehave while viewers and `bosun logs -f` watch: a container that
// crashes over and over, containers that come and go by the hundred, a reader that takes a large
// log slowly or walks away, viewers that stop reading while a container floods. BOSUN_LONG=1
// (`npm run test:long`) runs more restarts, containers and lines.

const LONG = process.env.BOSUN_LONG === '1';
// A long variant may take many minutes; the normal one keeps the project's own timeout.
const TIMEOUT_MS = LONG ? 1_800_000 : 120_000;
const engine = engineFromEnv();
const beds = useFaultBed(() => engine);
const BOSUN = fileURLToPath(new URL('../../packages/cli/bin/bosun.ts', import.meta.url));

const PAD = 'x'.repeat(30);

/** `count` unique lines of about fifty characters: `<tag> <n> xxx…`. */
function manyLines(tag: string, count: number): string {
  return `seq 1 ${count} | sed 's/.*/${tag} & ${PAD}/'`;
}

describe('faults of the streams', () => {
  it(
    'a crash-looping container, viewers watching',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const runs = LONG ? 100 : 10;
      // Twenty lines a run, numbered on from the last run, then a crash.
      const script =
        'n=$(cat /tmp/n 2>/dev/null || echo 0); i=0; ' +
        'while [ $i -lt 20 ]; do i=$((i+1)); n=$((n+1)); echo $n > /tmp/n; echo "crash $n"; done; exit 1';
      const c = await runContainer(engine, { name: 'crash-loop', cmd: ['sh', '-c', script] });
      const audience = await watchContainer(bed, c);
      for (let run = 1; run < runs; run++) {
        await waitForExit(engine, c.id);
        await c.container.start();
      }
      await waitForExit(engine, c.id);
      const settled = await settle(bed, audience, c);
      expect(settled.expected).toHaveLength(runs * 20);
      expect(audience.watched.every((w) => w.markers.filter((m) => m === 'restart').length >= 1)).toBe(true);
      await judgeFault(bed, 'crash-loop', baseline, settled.total);
    },
    TIMEOUT_MS,
  );

  it(
    `${LONG ? 1000 : 100} containers created and removed while viewers watch`,
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const count = LONG ? 1000 : 100;
      const batch = 25;
      const ticker = await runContainer(engine, {
        name: 'churn-ticker',
        cmd: ['sh', '-c', tickerScript('churn-ticker', 0, 0.1)],
      });
      const audience = await watchContainer(bed, ticker);
      const churnViewer = new FaultViewer(bed.url, bed.viewerHeaders());
      const churned: Delivery[] = [];
      for (let first = 0; first < count; first += batch) {
        const made = await Promise.all(
          Array.from({ length: batch }, (_, i) =>
            runContainer(engine, {
              name: `churn-${first + i}`,
              cmd: ['sh', '-c', manyLines(`churn-${first + i}`, 10)],
            }),
          ),
        );
        const watched = await Promise.all(made.map((c) => churnViewer.watch(HOST, c.id)));
        const expected = await Promise.all(
          made.map(async (c) => {
            await waitForExit(engine, c.id);
            return dockerLines(bed, c);
          }),
        );
        await waitFor(() => watched.every((w, i) => checkViewer(expected[i] ?? [], w).lostWithoutGap === 0), {
          timeoutMs: 30_000,
          what: `the viewer to get every line of containers ${first}..${first + batch - 1}`,
        }).catch((error: Error) => console.error(error.message));
        churned.push(...watched.map((w, i) => checkViewer(expected[i] ?? [], w)));
        for (const w of watched) await churnViewer.unwatch(w);
        await Promise.all(made.map((c) => c.container.remove({ force: true })));
      }
      churnViewer.close();
      await ticker.container.stop();
      const settled = await settle(bed, audience, ticker);
      expect(churned).toHaveLength(count);
      expect(churnViewer.invalid).toEqual([]);
      await judgeFault(bed, `churn-${count}`, baseline, sumDeliveries([settled.total, ...churned]));
    },
    TIMEOUT_MS,
  );

  it(
    'a slow reader of a large log, and abandoned reads',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const lines = LONG ? 1_000_000 : 100_000;
      const big = await runContainer(engine, { name: 'big', cmd: ['sh', '-c', manyLines('big', lines)] });
      await waitForExit(engine, big.id, { timeoutMs: 120_000 });
      const expected = await dockerLines(bed, big);
      const ticker = await runContainer(engine, {
        name: 'read-ticker',
        cmd: ['sh', '-c', tickerScript('read-ticker', 0, 0.05)],
      });
      const audience = await watchContainer(bed, ticker);
      // `bosun logs -n all` into a reader that takes nothing for 5 s, then all it is given.
      const readSlowly = () =>
        finished(
          spawn(
            'bash',
            [
              '-c',
              `set -o pipefail; "${process.execPath}" "${BOSUN}" logs -n all ${HOST}/${big.name} | (sleep 5; cat)`,
            ],
            {
              env: { ...process.env, ...bed.cliEnv },
              stdio: ['ignore', 'pipe', 'pipe'],
            },
          ),
        );
      const slow = await readSlowly();
      expect(slow.stderr).toBe('');
      expect(slow.code).toBe(0);
      const cancelled = 'log read cancelled';
      const before = bed.agent.logged(cancelled);
      for (let i = 0; i < 10; i++) {
        const child = spawnBosun(['logs', '-n', 'all', `${HOST}/${big.name}`], bed.cliEnv);
        const exited = finished(child);
        await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
        child.kill('SIGKILL');
        await exited;
      }
      await waitFor(() => bed.agent.logged(cancelled) - before === 10, {
        timeoutMs: 30_000,
        what: 'ten abandoned reads cancelled on the agent',
        detail: () => `${bed.agent.logged(cancelled) - before} cancelled`,
      });
      const whole = await readSlowly();
      expect(whole.code).toBe(0);
      await ticker.container.stop();
      const settled = await settle(bed, audience, ticker);
      await big.container.remove({ force: true });
      const reads = [slow, whole].map((r) => checkPrinted(expected, linesOf(r.stdout.toString('utf8'))));
      await judgeFault(bed, 'slow-reader', baseline, sumDeliveries([settled.total, ...reads]));
    },
    TIMEOUT_MS,
  );

  it(
    'stalled viewers while a container floods',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const lines = LONG ? 1_000_000 : 150_000;
      const c = await runContainer(engine, {
        name: 'flood',
        cmd: ['sh', '-c', `${WAIT_AT_GATE}; ${manyLines('flood', lines)}`],
      });
      const audience = await watchContainer(bed, c, 1);
      const stalled = [
        new FaultViewer(bed.url, bed.viewerHeaders()),
        new FaultViewer(bed.url, bed.viewerHeaders()),
      ];
      const stalledWatched = await Promise.all(stalled.map((v) => v.watch(HOST, c.id)));
      for (const viewer of stalled) viewer.stall();
      await openGate(c.container);
      await waitForExit(engine, c.id, { timeoutMs: 120_000 });
      await waitForShown(audience, `flood ${lines} ${PAD}`, 120_000);
      for (const viewer of stalled) viewer.resume();
      const expected = await dockerLines(bed, c);
      await waitFor(() => stalledWatched.every((w) => checkViewer(expected, w).lostWithoutGap === 0), {
        timeoutMs: 60_000,
        what: 'the stalled viewers to hold every line or a gap naming it',
      }).catch((error: Error) => console.error(error.message));
      const stalledDeliveries = stalledWatched.map((w) => checkViewer(expected, w));
      for (const viewer of stalled) viewer.close();
      const settled = await settle(bed, audience, c);
      // The viewer and the CLI that kept reading lost nothing; each stalled one was told what it missed.
      expect(settled.total.gaps + settled.total.lostWithGap).toBe(0);
      expect(stalledDeliveries.map((d) => d.gaps > 0 && d.lostWithGap > 0)).toEqual([true, true]);
      await judgeFault(
        bed,
        'stalled-viewers',
        baseline,
        sumDeliveries([settled.total, ...stalledDeliveries]),
        {
          stalledByDesign: true,
        },
      );
    },
    TIMEOUT_MS,
  );
});
