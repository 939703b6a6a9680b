import { describe, expect, it } from 'vitest';
import {
  type ContainerDetailRow,
  containerDetailAnswerSchema,
  formatContainerDetails,
} from './container-details.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

const details: ContainerDetailRow = {
  id: 'a'.repeat(64),
  name: 'web',
  image: 'nginx:1',
  state: 'running',
  status: 'Up 5 minutes',
  createdAt: NOW / 1000 - 600,
  startedAt: '2026-11-25T11:55:00Z',
  finishedAt: '2026-11-25T11:54:00Z',
  exitCode: 137,
  health: 'healthy',
  ports: [{ privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' }],
  labels: { 'z.last': '1', 'a.first': 'x y' },
  tty: false,
  restartCount: 2,
  command: ['sh', '-c', "echo 'hi' && sleep 9"],
};

describe('bosun inspect formatting', () => {
  it('prints the details as aligned key: value lines, then the labels sorted', () => {
    expect(formatContainerDetails('db-1', details, NOW).split('\n')).toEqual([
      'Host:     db-1',
      'Name:     web',
      `ID:       ${'a'.repeat(64)}`,
      'Image:    nginx:1',
      'State:    running',
      'Status:   Up 5 minutes (healthy)',
      'Created:  2026-11-25T11:50:00.000Z (10 minutes ago)',
      'Started:  2026-11-25T11:55:00Z (5 minutes ago)',
      'Finished: 2026-11-25T11:54:00Z (6 minutes ago), exit code 137',
      'Restarts: 2',
      `Command:  sh -c 'echo '\\''hi'\\'' && sleep 9'`,
      'Ports:    0.0.0.0:8080->80/tcp',
      'TTY:      no',
      'Labels:',
      '  a.first=x y',
      '  z.last=1',
      '',
    ]);
  });

  it('leaves out what a container never had', () => {
    const fresh = { ...details, state: 'created' as const, labels: {}, ports: [], command: [] };
    delete fresh.startedAt;
    delete fresh.finishedAt;
    delete fresh.exitCode;
    delete fresh.tty;
    const text = formatContainerDetails('db-1', fresh, NOW);
    expect(text).not.toMatch(/^(Started|Finished|Ports|Command|TTY|Labels):/m);
    expect(text).toMatch(/^State:\s+created$/m);
  });

  it('keeps fields this version does not know, for --format json', () => {
    const { container } = containerDetailAnswerSchema.parse({ container: { ...details, extra: 1 } });
    expect(container).toMatchObject({ name: 'web', extra: 1 });
  });
});
