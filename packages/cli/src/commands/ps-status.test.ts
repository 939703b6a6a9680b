import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../client/api-schemas.ts';
import { containersAnswerSchema } from '../client/api-schemas.ts';
import { liveStatus } from './ps-status.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const HOUR = 3_600_000;

// Rows as `bosun ps` has them: parsed from the manager's answer, unknown keys kept unchecked.
function row(fields: Record<string, unknown>): ContainerRow {
  const base = {
    id: 'a'.repeat(64),
    name: 'web',
    image: 'nginx:1',
    state: 'running',
    status: 'Up Less than a second',
    createdAt: NOW / 1000 - 2 * HOUR,
    ports: [],
    labels: {},
    agentId: 'agt_1',
    agentName: 'db-1',
  };
  return containersAnswerSchema.parse({ containers: [{ ...base, ...fields }] }).containers[0]!;
}

describe('bosun ps STATUS', () => {
  it('ages the status from the run times the manager sends', () => {
    expect(liveStatus(row({ startedAt: new Date(NOW - HOUR).toISOString() }), NOW)).toBe('Up About an hour');
    expect(
      liveStatus(row({ startedAt: new Date(NOW - 2 * HOUR).toISOString(), health: 'healthy' }), NOW),
    ).toBe('Up 2 hours (healthy)');
    expect(
      liveStatus(
        row({
          state: 'exited',
          startedAt: '2026-11-25T07:00:00.000000001Z',
          finishedAt: '2026-11-25T09:00:00.5Z',
          exitCode: 1,
        }),
        NOW,
      ),
    ).toBe('Exited (1) 3 hours ago');
  });

  it('prints the agent’s text for rows without times (an older agent)', () => {
    expect(liveStatus(row({}), NOW)).toBe('Up Less than a second');
  });

  it('treats a malformed time as absent rather than failing the whole table', () => {
    expect(liveStatus(row({ startedAt: 'yesterday' }), NOW)).toBe('Up Less than a second');
    expect(
      liveStatus(
        row({
          state: 'exited',
          status: 'Exited (0) 1 second ago',
          finishedAt: '2026-11-25T11:00:00Z',
          exitCode: 'zero',
        }),
        NOW,
      ),
    ).toBe('Exited (0) 1 second ago');
  });

  it('keeps the text of a state this version does not know', () => {
    expect(
      liveStatus(
        row({ state: 'frozen', status: 'Frozen 2 minutes', startedAt: '2026-11-25T11:00:00Z' }),
        NOW,
      ),
    ).toBe('Frozen 2 minutes');
  });
});
