import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { runContainer } from '../kit/index.ts';
import { useWebBed } from '../kit/web-bed.ts';
import { logList, logsUrl, waitForConnection, waitForNewestLine } from './log-viewer-page.ts';

// A log view follows its container's identity: a container recreated with the same Compose labels
// (set by hand, as the tests have no Compose) goes on in the same view, below a marker, without a
// reload, and the old container's lines stay above it.

const HOST = 'edge-01';
const bed = useWebBed({ agentName: HOST });
let page: Page;

const labels = {
  'com.docker.compose.project': `p${randomBytes(4).toString('hex')}`,
  'com.docker.compose.service': 'web',
  'com.docker.compose.container-number': '1',
  'com.docker.compose.oneoff': 'False',
};
const script = (generation: number) => `echo "generation ${generation} says hello"; exec sleep 1000`;

beforeAll(async () => {
  page = bed.page;
  await bed.logInAsAdmin();
});

describe('log viewer across a recreation', () => {
  it('shows the new container below a marker, the old lines above it', async () => {
    const first = await runContainer(bed.engine, { name: 'web', labels, cmd: ['sh', '-c', script(1)] });
    await bed.waitForContainer(first.name);
    await page.goto(logsUrl(bed.url, [`${HOST}/${first.name}`]));
    await waitVisible(logList(page), 'the log list');
    await waitForConnection(page, 'Live');
    await waitForNewestLine(page, (l) => l.text.includes('generation 1 says hello'), 'the first container');

    await first.container.remove({ force: true });
    const second = await runContainer(bed.engine, { name: 'web', labels, cmd: ['sh', '-c', script(2)] });
    const marker = logList(page).locator('[data-marker="notice"]', { hasText: 'new container' });
    await waitForText(
      marker,
      new RegExp(`new container ${second.id.slice(0, 12)} \\(generation 2\\) created at`),
      {
        what: 'the new generation marker',
        timeoutMs: 20_000,
      },
    );
    await waitForNewestLine(page, (l) => l.text.includes('generation 2 says hello'), 'the second container');

    const rows = await logList(page)
      .locator('[data-seq], [data-marker]')
      .evaluateAll((elements) => elements.map((el) => el.textContent ?? ''));
    const at = (text: string) => rows.findIndex((row) => row.includes(text));
    expect(at('generation 1 says hello')).toBeGreaterThanOrEqual(0);
    expect(at('generation 1 says hello')).toBeLessThan(at('(generation 2)'));
    expect(at('(generation 2)')).toBeLessThan(at('generation 2 says hello'));
  });
});
