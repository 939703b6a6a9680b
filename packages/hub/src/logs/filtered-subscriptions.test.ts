import { type DataOf, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { FakeAgent } from '../testing/fake-agent.ts';
import { settle } from '../testing/fake-clock.ts';
import type { FakeViewer } from '../testing/fake-viewer.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';

const web = containerSummary('web');
const TS = '2026-11-25T03:19:26.000000001Z';

async function setup(): Promise<{ t: TestHub; agent: FakeAgent }> {
  const t = new TestHub({ options: { skippedReportMs: 1000 } });
  const agent = await t.agent({ name: 'web-1', containers: [web] });
  return { t, agent };
}

async function subscribed(viewer: FakeViewer, extra: Partial<DataOf<'logs.subscribe'>> = {}) {
  const reply = await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'web', ...extra });
  await settle();
  return reply;
}

const texts = (viewer: FakeViewer) => viewer.lines('s').map((line) => line.text);
const skippedCount = (viewer: FakeViewer) =>
  viewer.sub('s').skipped.reduce((sum, report) => sum + report.count, 0);

describe('a filtered subscription', () => {
  it('gets only the matching lines of history and live, and a count of the rest', async () => {
    const { t, agent } = await setup();
    agent.write(web.id, 20, { prefix: 'noise' });
    agent.write(web.id, 1, { prefix: 'ERROR x' });
    const viewer = t.viewer();
    const reply = await subscribed(viewer, { filter: { pattern: 'error' } });
    expect(reply.filtered).toBe(true);
    agent.write(web.id, 500, { prefix: 'noise' });
    agent.write(web.id, 2, { prefix: 'ERROR x' });
    await t.clock.advance(1000);
    expect(texts(viewer)).toEqual(['ERROR x 20', 'ERROR x 521', 'ERROR x 522']);
    expect(viewer.lines('s').map((line) => line.seq)).toEqual([20, 521, 522]);
    expect(skippedCount(viewer)).toBe(520);
    expect(viewer.sub('s').skipped.at(-1)?.throughSeq).toBe(520);
    expect(viewer.sub('s').gaps).toEqual([]);
  });

  it('reports what it skipped at most once per period, however noisy the container', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, { filter: { pattern: 'ERROR' } });
    for (let i = 0; i < 50; i++) agent.write(web.id, 100, { prefix: 'noise' });
    const frames = () => viewer.conn.sent.length;
    const before = frames();
    for (let i = 0; i < 50; i++) agent.write(web.id, 100, { prefix: 'noise' });
    expect(frames()).toBe(before);
    await t.clock.advance(1000);
    expect(frames()).toBe(before + 1);
    expect(skippedCount(viewer)).toBe(10_000);
    expect(viewer.sub('s').skipped.at(-1)?.throughSeq).toBe(9_999);
  });

  it('lets markers through: a restart is news whatever the filter', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, { filter: { pattern: 'ERROR' } });
    agent.write(web.id, 3, { prefix: 'noise' });
    agent.pushEntries(web.id, [{ kind: 'restart', afterSeq: 2, ts: TS }]);
    expect(viewer.sub('s').entries.map((entry) => entry.kind)).toEqual(['restart']);
  });

  it('gives viewers of the same filter the same lines, and leaves unfiltered viewers every line', async () => {
    const { t, agent } = await setup();
    const filtered = [t.viewer(), t.viewer(), t.viewer()];
    for (const viewer of filtered)
      await subscribed(viewer, { filter: { pattern: 'error', levels: ['error'] } });
    const plain = t.viewer();
    const reply = await subscribed(plain);
    expect(reply.filtered).toBeUndefined();
    agent.write(web.id, 10, { prefix: 'noise' });
    agent.write(web.id, 1, { prefix: 'ERROR x' });
    for (const viewer of filtered) expect(texts(viewer)).toEqual(['ERROR x 10']);
    expect(plain.lines('s')).toHaveLength(11);
    expect(plain.sub('s').skipped).toEqual([]);
  });

  it('is refused at once when its pattern cannot be compiled', async () => {
    const { t } = await setup();
    const refusal = subscribed(t.viewer(), { filter: { pattern: '(unclosed', regex: true } });
    await expect(refusal).rejects.toThrow(ProtocolError);
    await expect(refusal).rejects.toMatchObject({ code: 'invalid_data' });
    expect(t.hub.stats().subscriptions).toBe(0);
  });

  it('keeps its filter through a stall: the catch-up from the ring is filtered and counted too', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, { filter: { pattern: 'ERROR' } });
    viewer.conn.bufferedAmount = 10 << 20;
    agent.write(web.id, 300, { prefix: 'noise' });
    agent.write(web.id, 2, { prefix: 'ERROR y' });
    agent.write(web.id, 300, { prefix: 'noise' });
    expect(viewer.lines('s')).toEqual([]);
    viewer.conn.bufferedAmount = 0;
    await t.clock.advance(1000);
    expect(texts(viewer)).toEqual(['ERROR y 300', 'ERROR y 301']);
    expect(skippedCount(viewer)).toBe(600);
    expect(viewer.sub('s').gaps).toEqual([]);
  });

  it('resumes after its last report without a gap for the lines it skipped', async () => {
    const { t, agent } = await setup();
    const viewer = t.viewer();
    await subscribed(viewer, { filter: { pattern: 'ERROR' } });
    agent.write(web.id, 2000, { prefix: 'noise' });
    await t.clock.advance(1000);
    const through = viewer.sub('s').skipped.at(-1)?.throughSeq ?? -1;
    expect(through).toBe(1999);
    agent.write(web.id, 1, { prefix: 'ERROR z' });
    const again = t.viewer();
    await again.subscribe({
      sub: 's',
      agent: 'web-1',
      container: 'web',
      fromSeq: through + 1,
      filter: { pattern: 'ERROR' },
    });
    expect(texts(again)).toEqual(['ERROR z 2000']);
    expect(again.sub('s').gaps).toEqual([]);
  });
});
