import { describe, expect, it } from 'vitest';
import { type HostRow, hostsAnswerSchema } from './host-rows.ts';
import { formatHostsTable, hostJson, hostState, sortHosts } from './hosts-table.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const FACTS = {
  hostname: 'db-1',
  os: 'linux 6.1.0',
  arch: 'x64',
  cpus: 4,
  memoryBytes: 8 * 1024 ** 3,
  dockerVersion: '27.1.0',
};

function host(over: Partial<HostRow>): HostRow {
  return {
    id: 'agt_1',
    name: 'db-1',
    online: true,
    lastSeenAt: NOW,
    containers: { total: 3, byState: { running: 2, exited: 1 } },
    agentVersion: '0.2.0',
    outdated: false,
    host: FACTS,
    docker: { available: true, version: '27.1.1' },
    ...over,
  };
}

describe('bosun hosts formatting', () => {
  it('shows state, last seen, running/total containers, agent and Docker versions and the facts', () => {
    const rows = sortHosts([
      host({ name: 'web-server-1', agentVersion: '0.1.0', outdated: true }),
      host({}),
      host({
        name: 'backup',
        online: false,
        lastSeenAt: NOW - 7_200_000,
        docker: null,
        containers: { total: 0, byState: {} },
      }),
      host({
        name: 'fresh',
        online: false,
        lastSeenAt: null,
        agentVersion: null,
        host: null,
        docker: null,
        containers: { total: 0, byState: {} },
      }),
      host({ name: 'nodock', docker: { available: false, message: 'connect ENOENT' } }),
    ]);
    expect(formatHostsTable(rows, NOW).split('\n')).toEqual([
      'NAME           STATE       LAST SEEN     CONTAINERS   AGENT   DOCKER   CPUS   MEMORY    OS',
      'backup         offline     2 hours ago   0/0          0.2.0   27.1.0   4      8.0 GiB   linux 6.1.0 x64',
      'db-1           online      now           2/3          0.2.0   27.1.1   4      8.0 GiB   linux 6.1.0 x64',
      'fresh          offline     never         0/0          -       -        -      -         -',
      'nodock         no docker   now           2/3          0.2.0   down     4      8.0 GiB   linux 6.1.0 x64',
      'web-server-1   outdated    now           2/3          0.1.0   27.1.1   4      8.0 GiB   linux 6.1.0 x64',
      '',
    ]);
  });

  it('colours the state word only, keeping the columns where they were', () => {
    const rows = [host({}), host({ name: 'backup', online: false })];
    const plain = formatHostsTable(rows, NOW).split('\n');
    const coloured = formatHostsTable(rows, NOW, true).split('\n');
    expect(coloured[1]).toContain('\u001b[32monline\u001b[0m');
    expect(coloured[2]).toContain('\u001b[31moffline\u001b[0m');
    // Stripped of colour, the lines are the plain ones.
    expect(coloured.map((line) => line.replace(/\u001b\[\d+m/g, ''))).toEqual(plain);
  });

  it('prints JSON as the manager sent it, with the state word and last seen as RFC 3339', () => {
    const json = hostJson(host({ online: false, lastSeenAt: NOW }));
    expect(json).toMatchObject({
      name: 'db-1',
      state: 'offline',
      lastSeen: '2026-11-25T12:00:00.000Z',
      lastSeenAt: NOW,
    });
    expect(hostJson(host({ lastSeenAt: null })).lastSeen).toBeNull();
  });

  it('names the state: offline first, then an outdated agent, then Docker not answering', () => {
    expect(hostState(host({ online: false, outdated: true }))).toBe('offline');
    expect(hostState(host({ outdated: true, docker: { available: false } }))).toBe('outdated');
    expect(hostState(host({ docker: { available: false } }))).toBe('no docker');
    expect(hostState(host({ docker: null }))).toBe('online');
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
    expect(formatHostsTable(agents, NOW).split('\n')[1]).toBe(
      'old    online   now         0/1          -       -        -      -        -',
    );
  });
});
