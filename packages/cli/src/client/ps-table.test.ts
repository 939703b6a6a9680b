import { describe, expect, it } from 'vitest';
import { type ContainerRow, containersAnswerSchema } from './container-rows.ts';
import { formatAgo, formatPorts, formatTable, isUp, sortRows } from './ps-table.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function row(over: Partial<ContainerRow>): ContainerRow {
  return {
    id: 'a'.repeat(64),
    name: 'web',
    image: 'nginx:1',
    state: 'running',
    status: 'Up 5 minutes',
    createdAt: NOW / 1000 - 300,
    ports: [],
    labels: {},
    agentId: 'agt_1',
    agentName: 'db-1',
    ...over,
  };
}

describe('bosun ps formatting', () => {
  it('shows ports as docker ps does', () => {
    expect(
      formatPorts([
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' },
        { privatePort: 443, type: 'tcp' },
        { privatePort: 53, publicPort: 53, ip: '::', type: 'udp' },
      ]),
    ).toBe('0.0.0.0:8080->80/tcp, 443/tcp, [::]:53->53/udp');
  });

  it('says how long ago', () => {
    expect(formatAgo(NOW / 1000 - 1, NOW)).toBe('1 second ago');
    expect(formatAgo(NOW / 1000 - 300, NOW)).toBe('5 minutes ago');
    expect(formatAgo(NOW / 1000 - 7200, NOW)).toBe('2 hours ago');
    expect(formatAgo(NOW / 1000 + 5, NOW)).toBe('Less than a second ago');
  });

  it('pads columns to their widest cell', () => {
    const table = formatTable(
      [row({}), row({ agentName: 'web-server-1', name: 'api', ports: [{ privatePort: 80 }] })],
      NOW,
    );
    expect(table.split('\n')).toEqual([
      'HOST           NAME   IMAGE     STATE     STATUS         PORTS    CREATED',
      'db-1           web    nginx:1   running   Up 5 minutes            5 minutes ago',
      'web-server-1   api    nginx:1   running   Up 5 minutes   80/tcp   5 minutes ago',
      '',
    ]);
  });

  it('adds a SERVICE column when a container belongs to a Compose service', () => {
    const compose = {
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
    };
    const oneoff = { ...compose, 'com.docker.compose.oneoff': 'True' };
    const table = formatTable(
      [
        row({ labels: compose, name: 'shop-web-1' }),
        row({ name: 'shop-web-run-1', labels: oneoff }),
        row({ name: 'x' }),
      ],
      NOW,
      true,
    );
    expect(table.split('\n').map((line) => line.replace(/\u001b\[\d+m/g, ''))).toEqual([
      'HOST   NAME             SERVICE              IMAGE     STATE     STATUS         PORTS   CREATED',
      'db-1   shop-web-1       shop/web#1           nginx:1   running   Up 5 minutes           5 minutes ago',
      'db-1   shop-web-run-1   shop/web (one-off)   nginx:1   running   Up 5 minutes           5 minutes ago',
      'db-1   x                                     nginx:1   running   Up 5 minutes           5 minutes ago',
      '',
    ]);
    expect(table).toContain('\u001b[32mrunning\u001b[0m');
  });

  it('colours the state when asked, without moving a column', () => {
    const rows = [row({}), row({ agentName: 'web-server-1', name: 'api', state: 'exited' })];
    const coloured = formatTable(rows, NOW, true).split('\n');
    expect(coloured[1]).toContain('\u001b[32mrunning\u001b[0m   ');
    expect(coloured[2]).toContain('\u001b[31mexited\u001b[0m    ');
    expect(coloured.map((line) => line.replace(/\u001b\[\d+m/g, ''))).toEqual(
      formatTable(rows, NOW).split('\n'),
    );
  });

  it('keeps running, paused and restarting containers without -a, sorted by host then name', () => {
    const rows = [
      row({ name: 'b' }),
      row({ name: 'a', state: 'exited' }),
      row({ agentName: 'a-host', state: 'paused' }),
    ];
    expect(rows.filter(isUp).map((r) => r.name)).toEqual(['b', 'web']);
    expect(sortRows(rows).map((r) => `${r.agentName}/${r.name}`)).toEqual(['a-host/web', 'db-1/a', 'db-1/b']);
  });
});

const HOUR = 3_600_000;

/** The STATUS cell of one row parsed as `bosun ps` parses the manager's answer. */
function statusCell(fields: Record<string, unknown>, nowMs: number): string {
  const parsed = containersAnswerSchema.parse({
    containers: [{ ...row({}), status: 'Up Less than a second', ...fields }],
  });
  const [, line] = formatTable(parsed.containers, nowMs).split('\n');
  return line!.split(/ {3,}/)[4]!;
}

describe('bosun ps STATUS', () => {
  it('ages the status from the run times the manager sends', () => {
    expect(statusCell({ startedAt: new Date(NOW - HOUR).toISOString() }, NOW)).toBe('Up About an hour');
    expect(statusCell({ startedAt: new Date(NOW - 2 * HOUR).toISOString(), health: 'healthy' }, NOW)).toBe(
      'Up 2 hours (healthy)',
    );
    expect(
      statusCell(
        {
          state: 'exited',
          startedAt: '2026-11-25T07:00:00.000000001Z',
          finishedAt: '2026-11-25T09:00:00.5Z',
          exitCode: 1,
        },
        NOW,
      ),
    ).toBe('Exited (1) 3 hours ago');
  });

  it('prints the agent’s text for rows without times (an older agent)', () => {
    expect(statusCell({}, NOW)).toBe('Up Less than a second');
  });

  it('treats a malformed time as absent rather than failing the whole table', () => {
    expect(statusCell({ startedAt: 'yesterday' }, NOW)).toBe('Up Less than a second');
    expect(
      statusCell(
        {
          state: 'exited',
          status: 'Exited (0) 1 second ago',
          finishedAt: '2026-11-25T11:00:00Z',
          exitCode: 'zero',
        },
        NOW,
      ),
    ).toBe('Exited (0) 1 second ago');
  });

  it('keeps the text of a state this version does not know', () => {
    expect(
      statusCell({ state: 'frozen', status: 'Frozen 2 minutes', startedAt: '2026-11-25T11:00:00Z' }, NOW),
    ).toBe('Frozen 2 minutes');
  });
});
