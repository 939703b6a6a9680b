import type { SearchResponse } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { formatCounts, formatHit, searchNotes } from './search-output.ts';

const ref = {
  agentId: 'agt_1',
  hostName: 'web-1',
  containerId: 'a'.repeat(64),
  containerName: 'api',
  identity: 'api',
};

describe('search output', () => {
  it('prints host/container, the fixed timestamp and the bytes Docker printed', () => {
    const hit = {
      ...ref,
      line: {
        kind: 'line',
        seq: 1,
        ts: '2026-01-01T00:00:00.5Z',
        stream: 'stdout',
        text: 'aGk=',
        encoding: 'base64',
      },
    } as const;
    expect(Buffer.concat(formatHit(hit)).toString()).toBe('web-1/api 2026-01-01T00:00:00.500000000Z hi\n');
  });

  it('notes a cut by the limit, an incomplete scan, and counts most first', () => {
    const answer: SearchResponse = {
      hits: [],
      counts: [
        { ...ref, count: 2 },
        { ...ref, containerName: 'db', count: 7 },
      ],
      countsComplete: true,
      indexed: false,
      complete: false,
      scannedFrom: '2026-01-01T00:00:00Z',
      limited: true,
    };
    expect(searchNotes(answer, 2)).toEqual([
      'only the 2 newest hits are shown; more matched (raise -n or narrow --since)',
      'the search stopped at 2026-01-01T00:00:00Z; search on with --until 2026-01-01T00:00:00Z',
    ]);
    expect(formatCounts(answer)).toEqual(['7\tweb-1/db', '2\tweb-1/api']);
  });
});
