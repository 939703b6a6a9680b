import type { ManagerStatus } from '@bosun/protocol';
import { HTTP_EXAMPLES } from '@bosun/protocol/testing';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatStatus } from './status-report.ts';

const example = HTTP_EXAMPLES.status.response as ManagerStatus;

describe('formatStatus', () => {
  it('prints one labelled line per part, aligned', () => {
    expect(formatStatus(example, example.startedAt + 3_600_000)).toBe(
      [
        'manager      0.1.0, up about an hour',
        'store        ok (0 errors since start)',
        'agents       2 online of 3 known, 1 outdated (see bosun hosts)',
        'streams      4 open, 5 subscriptions, 2 viewers',
        'reads        1 open; 12 started, 3 cancelled, 1 failed',
        'logs         120,000 lines in (9.2 MiB), 240,000 entries out (18.3 MiB)',
        'gaps         ring_evicted 1, subscriber_behind 2',
        'memory       rss 133.5 MiB, heap 57.2 MiB; rings 3.8 MiB, viewer queues 0 B; budget 4.3 MiB of 256.0 MiB',
        'event loop   delay p50 10 ms, p99 12 ms, max 20 ms',
        '',
      ].join('\n'),
    );
  });

  it('says when the store fails, since when and why, and when the agent total is unknown', () => {
    const failing: ManagerStatus = {
      ...example,
      agents: { online: 1, total: null, outdated: 0 },
      store: { ok: false, failingSince: 1_000, error: 'database is locked', errorsTotal: 1 },
    };
    const text = formatStatus(failing, 1_000 + 5 * 60_000);
    expect(text).toContain('store        FAILING for 5 minutes: database is locked (1 error since start)\n');
    expect(text).toContain('agents       1 online of unknown total\n');
  });
});

describe('formatBytes', () => {
  it('uses bytes below a KiB and one decimal above', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '5.0 GiB',
    ]);
  });
});
