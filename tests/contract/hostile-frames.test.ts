import { CLOSE_CODES, joinTokenCreatedSchema, MAX_FRAME_BYTES } from '@bosun/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { helloData } from '../hostile/frame-fuzz.ts';
import { FuzzSocket } from '../hostile/fuzz-socket.ts';
import { type RunningContainer, runContainer, waitFor } from '../kit/index.ts';
import { IDLE, printInto, useContractBed, waitForLines } from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// Hostile frames on both sockets of every runtime: bad JSON, an unknown subject and a frame past
// the protocol's size limit. An agent socket that has not said hello is closed with the bad-hello
// code; a welcomed agent and a viewer get typed errors and keep their sockets; and the manager
// serves the real agent's lines to a viewer afterwards.

const HOST = 'hostile-host';
const OVERSIZE = `{"subject":"x","data":"${'a'.repeat(MAX_FRAME_BYTES)}"}`;

const pushedError = z.object({ code: z.string() });
const errorReply = z.object({ ok: z.literal(false), error: z.object({ code: z.string() }) });

/** The codes of the `error` pushes and error replies `socket` received after its first `from` frames. */
function errorCodes(socket: FuzzSocket, from: number): string[] {
  return socket.received.slice(from).flatMap((frame) => {
    const pushed = frame.subject === 'error' ? pushedError.safeParse(frame.data) : undefined;
    if (pushed?.success) return [pushed.data.code];
    const replied = errorReply.safeParse(frame.data);
    return replied.success ? [replied.data.error.code] : [];
  });
}

/** Sends `frame` and waits for the error it must bring back. */
async function refused(socket: FuzzSocket, frame: string, code: string): Promise<void> {
  const from = socket.received.length;
  socket.send(frame);
  await waitFor(() => errorCodes(socket, from).length > 0 || socket.closed, {
    timeoutMs: 15_000,
    what: `an ${code} error`,
  });
  expect(errorCodes(socket, from)).toEqual([code]);
  expect(socket.closed).toBeUndefined();
}

describe.each(CONTRACT_RUNTIMES)('hostile frames on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);
  const ws = () => bed.url.replace(/^http/, 'ws');
  let ticker: RunningContainer;

  beforeAll(async () => {
    ticker = await runContainer(bed.engine, {
      name: 'hostile-ticker',
      cmd: ['sh', '-c', `echo first; ${IDLE}`],
    });
    bed.defer(() => ticker.container.remove({ force: true }));
    await bed.admin.waitForContainer({ id: ticker.id, agentName: HOST });
  });

  it('an agent socket whose first frame is not a hello is closed with the bad-hello code', async () => {
    for (const first of [
      '{not json',
      JSON.stringify({ subject: 'no.such.subject', reply: '_inbox.x', data: {} }),
    ]) {
      const socket = await FuzzSocket.open(`${ws()}/ws/agent`);
      socket.send(first);
      const closed = await socket.whenClosed(15_000, `the manager to close after ${first}`);
      expect([first, closed.code]).toEqual([first, CLOSE_CODES.badHello]);
      expect(socket.welcomed()).toBe(false);
    }
  });

  it('a welcomed agent gets typed errors for bad JSON, an unknown subject and an oversize frame, and keeps its socket', async () => {
    const { token } = await bed.admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {
      name: 'hostile-agent',
    });
    const socket = await FuzzSocket.open(`${ws()}/ws/agent`);
    bed.defer(() => socket.close());
    await socket.request('agent.hello', helloData('hostile-agent', { joinToken: token }));
    expect(socket.welcomed()).toBe(true);
    await refused(socket, '{not json', 'bad_json');
    await refused(
      socket,
      JSON.stringify({ subject: 'no.such.subject', reply: '_inbox.y', data: {} }),
      'unknown_subject',
    );
    await refused(socket, OVERSIZE, 'too_large');
  });

  it('a viewer gets typed errors for the same frames, keeps its socket, and can still subscribe', async () => {
    const socket = await FuzzSocket.open(`${ws()}/ws/logs`, bed.admin.headersForSocket());
    bed.defer(() => socket.close());
    await refused(socket, '{not json', 'bad_json');
    await refused(
      socket,
      JSON.stringify({ subject: 'no.such.subject', reply: '_inbox.z', data: {} }),
      'unknown_subject',
    );
    await refused(socket, OVERSIZE, 'too_large');
    const reply = await socket.request('logs.subscribe', { sub: 'after', agent: HOST, container: ticker.id });
    expect(reply?.data).toMatchObject({ ok: true });
  });

  it('the manager serves as before: the real agent is online and its lines reach a new viewer', async () => {
    await bed.admin.waitForAgentOnline(HOST);
    const viewer = await bed.viewer();
    expect(
      await viewer.request('logs.subscribe', { sub: 'ok', agent: HOST, container: ticker.id }),
    ).toMatchObject({
      ok: true,
    });
    await waitForLines(viewer, 'ok', 1);
    await printInto(ticker.container, 'still served');
    const lines = await waitForLines(viewer, 'ok', 2);
    expect(lines.map((l) => l.text)).toEqual(['first', 'still served']);
  });
});
