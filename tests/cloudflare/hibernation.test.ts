import { type LocalCloudflare, startLocalCloudflare } from '@bosun/cloudflare/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectConsecutive,
  IDLE,
  linesOf,
  printInto,
  printLines,
  statesOf,
  waitForLines,
} from '../contract/contract-kit.ts';
import { engineFromEnv, runContainer, type TestAgent } from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, openViewer, type ViewerSocket } from '../kit/test-manager.ts';

// The manager object with a real agent connected sleeps while its containers are quiet, and
// wakes for the first new line, numbering on where it was: sockets kept, nothing lost or twice.

// Local workerd hibernates an object after about ten seconds with nothing to do. The test leaves
// it that long and more with nothing happening: the quiet is what is tested, not a wait for
// something to happen (what it did is read afterwards, from the object's start count).
const QUIET_MS = 20_000;
const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

describe('the Cloudflare manager object hibernates with an agent and viewers connected', () => {
  const engine = engineFromEnv();
  let cf: LocalCloudflare;
  let agent: TestAgent;
  let admin: ApiClient;
  const sockets: ViewerSocket[] = [];

  beforeAll(async () => {
    cf = await startLocalCloudflare({
      listen: '127.0.0.1:0',
      adminPassword: ADMIN_PASSWORD,
      onLog: () => {},
    });
    admin = await ApiClient.login(cf.url, 'admin', ADMIN_PASSWORD);
    agent = await joinTestAgent(admin, { engine, name: 'sleepy' });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await agent?.stop();
    await cf?.close();
  });

  it('sleeps while quiet, then every viewer gets each new line once, numbered on', async () => {
    const c = await runContainer(engine, {
      name: 'quiet',
      cmd: ['sh', '-c', `${printLines('before', 5)}; ${IDLE}`],
    });
    await admin.waitForContainer({ id: c.id });
    for (let i = 0; i < 2; i += 1) {
      const viewer = await openViewer(cf.url, admin.headersForSocket());
      sockets.push(viewer);
      const reply = await viewer.request('logs.subscribe', { sub: 's', agent: 'sleepy', container: c.name });
      expect(reply).toMatchObject({ ok: true });
      await waitForLines(viewer, 's', 5);
    }
    const startsBefore = cf.objectStarts();

    await quiet();
    // Nothing woke it meanwhile: not the agent's heartbeats (answered by the runtime), not the
    // long timers (waiting on the object's alarm).
    expect(cf.objectStarts()).toBe(startsBefore);

    await printInto(c.container, 'after 1');
    await printInto(c.container, 'after 2');
    for (const viewer of sockets) {
      const lines = await waitForLines(viewer, 's', 7);
      expect(lines.map((l) => l.text)).toEqual([
        'before 1',
        'before 2',
        'before 3',
        'before 4',
        'before 5',
        'after 1',
        'after 2',
      ]);
      expectConsecutive(lines, 0);
      // Never told the stream paused: the object's sleep is invisible to viewers.
      expect(statesOf(viewer, 's')).toEqual([]);
      expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);
    }
    // The first new line woke it: one start more, the sockets the same.
    expect(cf.objectStarts()).toBe(startsBefore + 1);
    await admin.waitForAgentOnline('sleepy');

    // And it goes on: more lines, no repeat of what the re-read after waking re-sent.
    await printInto(c.container, 'after 3');
    for (const viewer of sockets) {
      const lines = await waitForLines(viewer, 's', 8);
      expect(lines.at(-1)?.text).toBe('after 3');
      expectConsecutive(linesOf(viewer, 's'), 0);
    }
    await c.container.remove({ force: true });
  });
});
