import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';
import type { ReadLogsEntries } from './log-reads.ts';

const web = containerSummary('web');

describe('readLogs', () => {
  it('routes the agent’s batches by read id, then resolves with the count', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.write(web.id, 2500);
    const received: ReadLogsEntries[] = [];
    const result = await t.hub.readLogs('web-1', 'web', { tail: 'all' }, (entries) => received.push(entries));
    expect(result).toEqual({ lines: 2500 });
    expect(received.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect(agent.requests.at(-1)).toMatchObject({
      subject: 'log.read',
      data: { container: web.id, tail: 'all' },
    });
  });

  it('is bounded per agent and fails at once when the agent goes', async () => {
    const t = new TestHub({ options: { maxReadsPerAgent: 2 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('log.read');
    const reads = [1, 2].map(() => t.hub.readLogs('web-1', 'web', {}, () => {}));
    await settle();
    await expect(t.hub.readLogs('web-1', 'web', {}, () => {})).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    agent.disconnect();
    for (const read of reads) await expect(read).rejects.toMatchObject({ code: 'agent_offline' });
    await expect(t.hub.readLogs('web-1', 'web', {}, () => {})).rejects.toMatchObject({
      code: 'agent_offline',
    });
  });

  it('refuses a bad time before asking the agent', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    await expect(t.hub.readLogs('web-1', 'web', { since: '10 minutes ago' }, () => {})).rejects.toMatchObject(
      {
        code: 'invalid_data',
      },
    );
    expect(agent.requests.map((r) => r.subject)).not.toContain('log.read');
  });
});
