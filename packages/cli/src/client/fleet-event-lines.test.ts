import type { AgentView, ContainerSummary, FleetEvent } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { painter } from './colour.ts';
import {
  eventPasses,
  FleetNames,
  formatEventJson,
  formatEventLine,
  isEventType,
} from './fleet-event-lines.ts';

const AT = Date.UTC(2026, 10, 25, 12, 0, 0, 250);
const plain = painter(false);

const agent: AgentView = {
  id: 'agt_1',
  name: 'db-1',
  online: true,
  lastSeenAt: AT,
  createdAt: AT,
  host: null,
  docker: { available: true },
  containers: { total: 3, byState: { running: 2, exited: 1 } },
  protocol: 3,
  agentVersion: '0.2.0',
  outdated: false,
};
const web: ContainerSummary = {
  id: 'c'.repeat(64),
  name: 'web',
  image: 'nginx',
  state: 'exited',
  status: 'Exited (0) 2 seconds ago',
  createdAt: AT / 1000 - 60,
  ports: [],
  labels: {},
};

function names(): FleetNames {
  const book = new FleetNames();
  book.learn({ type: 'agent.updated', agent });
  return book;
}

describe('fleet event lines', () => {
  it('say when, what, about which host or HOST/CONTAINER, in words', () => {
    const book = names();
    // As `bosun events` does: each event teaches the book its names before it is printed.
    const line = (event: FleetEvent) => {
      book.learn(event);
      return formatEventLine(event, book, AT, plain);
    };
    expect(line({ type: 'agent.online', agent })).toBe(
      '2026-11-25T12:00:00Z agent.online       db-1 online, agent 0.2.0, 2/3 containers running\n',
    );
    expect(line({ type: 'agent.offline', agentId: 'agt_1', lastSeenAt: AT })).toBe(
      '2026-11-25T12:00:00Z agent.offline      db-1 offline\n',
    );
    expect(
      line({ type: 'docker.status', agentId: 'agt_1', status: { available: false, message: 'gone' } }),
    ).toBe('2026-11-25T12:00:00Z docker.status      db-1 docker down: gone\n');
    expect(line({ type: 'container.upserted', agentId: 'agt_1', container: web })).toBe(
      '2026-11-25T12:00:00Z container.upserted db-1/web exited: Exited (0) 2 seconds ago\n',
    );
    expect(line({ type: 'container.removed', agentId: 'agt_1', containerId: web.id })).toBe(
      '2026-11-25T12:00:00Z container.removed  db-1/web removed\n',
    );
  });

  it('fall back to ids for names no list or event gave', () => {
    const line = formatEventLine(
      { type: 'container.removed', agentId: 'agt_9', containerId: 'd'.repeat(64) },
      new FleetNames(),
      AT,
      plain,
    );
    expect(line).toBe(`2026-11-25T12:00:00Z container.removed  agt_9/${'d'.repeat(12)} removed\n`);
  });

  it('colour the state when asked, and only then', () => {
    const line = formatEventLine(
      { type: 'agent.offline', agentId: 'agt_1', lastSeenAt: AT },
      names(),
      AT,
      painter(true),
    );
    expect(line).toContain('\u001b[31moffline\u001b[0m');
  });

  it('as JSON: the event as sent, with the time and the names', () => {
    const book = names();
    book.learn({ type: 'container.upserted', agentId: 'agt_1', container: web });
    const json = JSON.parse(
      formatEventJson({ type: 'container.removed', agentId: 'agt_1', containerId: web.id }, book, AT),
    );
    expect(json).toEqual({
      time: '2026-11-25T12:00:00.250Z',
      host: 'db-1',
      containerName: 'web',
      type: 'container.removed',
      agentId: 'agt_1',
      containerId: web.id,
    });
  });
});

describe('event filters', () => {
  const event: FleetEvent = { type: 'container.upserted', agentId: 'agt_1', container: web };

  it('keep the hosts named and the types named, a family by its prefix', () => {
    const book = names();
    expect(eventPasses(event, { hosts: [], types: [] }, book)).toBe(true);
    expect(eventPasses(event, { hosts: ['db-1'], types: ['container'] }, book)).toBe(true);
    expect(eventPasses(event, { hosts: ['web-2'], types: [] }, book)).toBe(false);
    expect(eventPasses(event, { hosts: [], types: ['container.removed', 'agent'] }, book)).toBe(false);
    expect(eventPasses(event, { hosts: [], types: ['contain'] }, book)).toBe(false);
  });

  it('know the types and families there are', () => {
    expect(isEventType('container')).toBe(true);
    expect(isEventType('docker.status')).toBe(true);
    expect(isEventType('contain')).toBe(false);
    expect(isEventType('container.created')).toBe(false);
  });
});
