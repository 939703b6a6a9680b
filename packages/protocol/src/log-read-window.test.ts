import { describe, expect, it } from 'vitest';
import { decode, EXAMPLE_INBOX, encodePush, encodeRequest } from './index.ts';
import { logReadBatchBytes } from './log-read-window.ts';

const line = (text: string) => ({
  kind: 'line' as const,
  seq: 0,
  ts: '2026-11-25T04:00:00.000000001Z',
  stream: 'stdout' as const,
  text,
});

describe('log.read flow control', () => {
  it('counts a batch by the length of its lines', () => {
    expect(logReadBatchBytes([line('abc'), line(''), line('de')])).toBe(5);
  });

  it('carries a window on log.read, and credit and cancel from the manager', () => {
    const read = decode(
      encodeRequest('log.read', { container: 'c', readId: 'r1', window: 1024 }, EXAMPLE_INBOX),
      {
        allow: ['log.read'],
      },
    );
    expect(read.ok && read.frame.data).toMatchObject({ window: 1024 });
    const credit = decode(encodePush('log.read.credit', { readId: 'r1', bytes: 10 }), {
      allow: ['log.read.credit'],
    });
    expect(credit.ok && credit.frame.data).toEqual({ readId: 'r1', bytes: 10 });
    const cancel = decode(encodePush('log.read.cancel', { readId: 'r1' }), { allow: ['log.read.cancel'] });
    expect(cancel.ok && cancel.frame.data).toEqual({ readId: 'r1' });
  });

  it('refuses a credit of nothing', () => {
    const credit = decode(
      encodePush('log.read.credit', { readId: 'r1', bytes: 1 }).replace('"bytes":1', '"bytes":0'),
      {
        allow: ['log.read.credit'],
      },
    );
    expect(credit.ok).toBe(false);
  });
});
