import type { AddressInfo } from 'node:net';
import {
  AGENT_BEAT_FRAME,
  decode,
  EXAMPLES,
  encodeReply,
  encodeRequest,
  isReplyFrame,
  MANAGER_BEAT_FRAME,
  newInbox,
  PROTOCOL_VERSION,
  type ResultOf,
} from '@bosun/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type LinkDelegate, ManagerLink } from './manager-link.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The shortest interval the link beats at, so a test sees beats within a second or two.
const WELCOME: ResultOf<'agent.hello'> = {
  agentId: EXAMPLES['agent.hello'].result.agentId,
  name: 'web-1',
  heartbeatSeconds: 1,
  protocol: PROTOCOL_VERSION,
};

/**
 * A manager stand-in on loopback: proves itself (the link's delegate takes any proof), welcomes
 * the hello with `welcome`, and keeps every text the agent sent after its hello.
 */
async function scriptedManager(welcome: ResultOf<'agent.hello'>) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  cleanups.push(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const state: { socket: WebSocket | undefined; afterHello: string[] } = {
    socket: undefined,
    afterHello: [],
  };
  let welcomed = false;
  server.on('connection', (socket) => {
    state.socket = socket;
    socket.on('message', (raw) => {
      const text = String(raw);
      if (welcomed) {
        state.afterHello.push(text);
        return;
      }
      const decoded = decode(text);
      if (!decoded.ok || isReplyFrame(decoded.frame) || decoded.frame.reply === undefined) return;
      if (decoded.frame.subject === 'agent.prove')
        socket.send(encodeReply(decoded.frame.reply, EXAMPLES['agent.prove'].result));
      if (decoded.frame.subject === 'agent.hello') {
        welcomed = true;
        socket.send(encodeReply(decoded.frame.reply, welcome));
      }
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/ws/agent`, state };
}

/** A link to `url` whose delegate answers every request with an empty container list. */
function startLink(url: string) {
  const requests: string[] = [];
  let online = false;
  const delegate: LinkDelegate = {
    proven: async () => {},
    hello: async () => EXAMPLES['agent.hello'].data,
    welcomed: async () => {},
    request: async (subject) => {
      requests.push(subject);
      return { containers: [] };
    },
    online: () => {
      online = true;
    },
    answered: () => {},
    offline: () => {},
    fatal: () => {},
    log: () => {},
  };
  const link = new ManagerLink({ url }, delegate);
  link.start();
  cleanups.push(() => link.stop());
  return { link, requests, isOnline: () => online };
}

describe('the heartbeat frame', () => {
  it('is exactly AGENT_BEAT_FRAME, every beat, for a manager whose welcome said fixedBeat', async () => {
    const manager = await scriptedManager({ ...WELCOME, fixedBeat: true });
    startLink(manager.url);
    await vi.waitFor(() => expect(manager.state.afterHello.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
    });
    for (const text of manager.state.afterHello) expect(text).toBe(AGENT_BEAT_FRAME);
  });

  it('is agent.heartbeat with the agent’s clock for a manager that did not say so', async () => {
    const manager = await scriptedManager(WELCOME);
    startLink(manager.url);
    await vi.waitFor(() => expect(manager.state.afterHello.length).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
    });
    for (const text of manager.state.afterHello) {
      const decoded = decode(text);
      expect(decoded.ok && decoded.frame).toEqual({
        subject: 'agent.heartbeat',
        data: { at: expect.any(Number) },
      });
    }
  });
});

describe('the runtime’s answer to the fixed beat', () => {
  it('is ignored: nothing is asked of the agent and nothing is sent back', async () => {
    const manager = await scriptedManager({ ...WELCOME, fixedBeat: true });
    const { requests, isOnline } = startLink(manager.url);
    await vi.waitFor(() => expect(isOnline()).toBe(true), { timeout: 10_000 });
    const inbox = newInbox();
    manager.state.socket?.send(MANAGER_BEAT_FRAME);
    // Frames are handled in order: once this request is answered, the beat before it was read.
    manager.state.socket?.send(encodeRequest('container.list', { all: true }, inbox));
    const answered = () => manager.state.afterHello.filter((text) => text !== AGENT_BEAT_FRAME);
    await vi.waitFor(() => expect(answered()).toHaveLength(1), { timeout: 10_000 });
    expect(requests).toEqual(['container.list']);
    const reply = decode(answered()[0] ?? '');
    expect(reply.ok && reply.frame).toEqual({
      subject: inbox,
      data: { ok: true, result: { containers: [] } },
    });
  });
});
