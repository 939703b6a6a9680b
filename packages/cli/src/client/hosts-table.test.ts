import { describe, expect, it } from 'vitest';
import { type HostRow, hostsAnswerSchema } from './host-rows.ts';
import { formatHostsTable, sortHosts } from './hosts-table.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function host(over: Partial<HostRow>): HostRow {
  return {
    id: 'agt_1',
    name: 'db-1',
    online: true,
    lastSeenAt: NOW,
    containers: { total: 3, byState: { running: 2, exited: 1 } },
    agentVersion: '0.2.0',
    outdated: false,
    ...over,
  };
}

describe('bosun hosts formatting', () => {
  it('shows state, last seen, the agent version (outdated ones flagged) and running/total containers', () => {
    const rows = sortHosts([
      host({ name: 'web-server-1', agentVersion: '0.1.0', outdated: true }),
      host({}),
      host({
        name: 'backup',
        online: false,
        lastSeenAt: NOW - 7_200_000,
        containers: { total: 0, byState: {} },
      }),
      host({
        name: 'fresh',
        online: false,
        lastSeenAt: null,
        agentVersion: null,
        containers: { total: 0, byState: {} },
      }),
    ]);
    expect(formatHostsTable(rows, NOW).split('\n')).toEqual([
      'NAME           STATE     LAST SEEN     AGENT              CONTAINERS',
      'backup         offline   2 hours ago   0.2.0              0/0',
      'db-1           online    now           0.2.0              2/3',
      'fresh          offline   never         -                  0/0',
      'web-server-1   online    now           0.1.0 (outdated)   2/3',
      '',
    ]);
  });

  it('reads the answer of a manager that does not yet say agent versions', () => {
    const { agents } = hostsAnswerSchema.parse({
      agents: [
        {
          id: 'a',
          name: 'old',
          online: true,
          lastSeenAt: NOW,
          containers: { total: 1, byState: {} },
          extra: 1,
        },
      ],
    });
    expect(agents[0]).toMatchObject({ name: 'old', extra: 1 });
    expect(formatHostsTable(agents, NOW).split('\n')[1]).toBe('old    online   now         -       0/1');
  });
});
