import {
  decode,
  EXAMPLES,
  encodeErrorReply,
  encodePush,
  encodeReply,
  encodeRequest,
  ProtocolError,
} from '@bosun/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HelloResult, LinkHandshake, MAX_FRAMES_WHILE_WELCOMING } from './link-handshake.ts';

const HELLO = EXAMPLES['agent.hello'].data;
const PROOF = EXAMPLES['agent.prove'].result;
const WELCOME = EXAMPLES['agent.hello'].result;
const DEADLINE_MS = 1_000;
const bytes = (text: string) => new TextEncoder().encode(text);

/** A handshake on a recording socket, with steps the test can hold and answer. */
function handshake(
  options: {
    up?: boolean;
    welcomed?: () => Promise<void>;
    hello?: () => Promise<typeof HELLO>;
    proven?: () => Promise<void>;
  } = {},
) {
  const sent: string[] = [];
  const socket = { terminated: false, send: (text: string) => sent.push(text), terminate: () => {} };
  socket.terminate = () => {
    socket.terminated = true;
  };
  const seen = {
    welcomed: [] as HelloResult[],
    up: [] as HelloResult[],
    frames: [] as string[],
    refused: [] as ProtocolError[],
    failed: [] as ProtocolError[],
    proofs: [] as Array<{ publicKey: string; nonce: string }>,
    unproven: [] as ProtocolError[],
    logs: [] as string[],
  };
  const shake = new LinkHandshake(
    socket,
    {
      proven: async (proof, nonce) => {
        seen.proofs.push({ publicKey: proof.publicKey, nonce });
        await options.proven?.();
      },
      unproven: (error) => seen.unproven.push(error),
      hello: options.hello ?? (async () => HELLO),
      welcomed: async (result) => {
        seen.welcomed.push(result);
        await options.welcomed?.();
      },
      up: (result) => {
        seen.up.push(result);
        return options.up ?? true;
      },
      frame: (text) => seen.frames.push(new TextDecoder().decode(text)),
      refused: (error) => seen.refused.push(error),
      failed: (error) => seen.failed.push(error),
      log: (_level, msg) => seen.logs.push(msg),
    },
    DEADLINE_MS,
  );
  sentBy.set(shake, sent);
  return { shake, socket, sent, seen, inbox: () => inboxOf(sent, 'agent.hello') };
}

const sentBy = new WeakMap<LinkHandshake, string[]>();

/** The inbox of the last request of `subject` the handshake sent. */
function inboxOf(sent: string[], subject: 'agent.prove' | 'agent.hello'): string {
  for (const text of [...sent].reverse()) {
    const decoded = decode(text);
    if (decoded.ok && decoded.frame.subject === subject && 'reply' in decoded.frame && decoded.frame.reply) {
      return decoded.frame.reply;
    }
  }
  throw new Error(`no ${subject} sent: ${sent.join(' ')}`);
}

/** Opens the socket and answers the proof, so the handshake sends its hello. */
async function open(shake: LinkHandshake): Promise<void> {
  const sent = sentBy.get(shake)!;
  shake.opened();
  shake.receive(bytes(encodeReply(inboxOf(sent, 'agent.prove'), PROOF)));
  await settle();
}

const push = bytes(encodePush('docker.status', { available: true }));
const request = (n: number) => encodeRequest('container.list', {}, `_inbox.test-${n}`);

// Runs the promise callbacks queued so far, without letting any time pass.
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LinkHandshake', () => {
  it('sends the hello once the socket opens, and is up once the welcome is kept', async () => {
    const { shake, sent, seen, inbox } = handshake();
    await open(shake);
    expect(sent).toHaveLength(2);
    const hello = decode(sent[1]!);
    expect(hello.ok && hello.frame.subject).toBe('agent.hello');
    expect(hello.ok && hello.frame.data).toEqual(HELLO);

    shake.receive(bytes(encodeReply(inbox(), WELCOME)));
    await settle();
    expect(seen.welcomed).toEqual([WELCOME]);
    expect(seen.up).toEqual([WELCOME]);
    shake.receive(bytes(request(1)));
    expect(seen.frames).toEqual([request(1)]);
  });

  it('holds the frames that come while the welcome is kept, and passes them on in order', async () => {
    let keep!: () => void;
    const { shake, seen, inbox } = handshake({ welcomed: () => new Promise((resolve) => (keep = resolve)) });
    await open(shake);
    shake.receive(bytes(encodeReply(inbox(), WELCOME)));
    shake.receive(bytes(request(1)));
    shake.receive(bytes(request(2)));
    expect(seen.frames).toEqual([]);
    keep();
    await settle();
    expect(seen.frames).toEqual([request(1), request(2)]);
    shake.receive(bytes(request(3)));
    expect(seen.frames.at(-1)).toBe(request(3));
  });

  it('drops the socket when a manager floods a link that is not up yet', async () => {
    const { shake, socket, seen, inbox } = handshake({ welcomed: () => new Promise(() => {}) });
    await open(shake);
    shake.receive(bytes(encodeReply(inbox(), WELCOME)));
    for (let i = 0; i < MAX_FRAMES_WHILE_WELCOMING; i++) shake.receive(bytes(request(i)));
    expect(socket.terminated).toBe(false);
    shake.receive(bytes(request(MAX_FRAMES_WHILE_WELCOMING)));
    expect(socket.terminated).toBe(true);
    expect(seen.frames).toEqual([]);
  });

  it('hands a refusal to the link, code, message and details as the manager sent them', async () => {
    const { shake, socket, seen, inbox } = handshake();
    await open(shake);
    const refusal = { code: 'protocol_mismatch', message: 'speaks 2', details: { protocol: 2 } } as const;
    shake.receive(bytes(encodeErrorReply(inbox(), refusal)));
    expect(seen.refused).toHaveLength(1);
    expect(seen.refused[0]).toMatchObject(refusal);
    // The answer came: the deadline no longer runs, and the link alone decides about the socket.
    vi.advanceTimersByTime(DEADLINE_MS * 2);
    expect(socket.terminated).toBe(false);
    expect(seen.logs).toEqual([]);
    shake.receive(push);
    expect(seen.frames).toEqual([]);
  });

  it('drops the socket when the manager does not answer in time', async () => {
    const { shake, socket, seen } = handshake();
    await open(shake);
    vi.advanceTimersByTime(DEADLINE_MS - 1);
    expect(socket.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(socket.terminated).toBe(true);
    expect(seen.logs).toEqual(['manager did not answer the hello in time']);
  });

  it('drops the socket on anything but the answer to its hello', async () => {
    for (const frame of [
      push,
      bytes(encodeReply('_inbox.someone-else', WELCOME)),
      bytes('not json'),
      bytes(request(1)),
    ]) {
      const { shake, socket, seen } = handshake();
      await open(shake);
      shake.receive(frame);
      expect(socket.terminated).toBe(true);
      expect(seen.welcomed).toEqual([]);
      expect(seen.logs).toEqual(['unexpected frame before welcome; dropping link']);
    }
  });

  it('drops the socket on a welcome that does not match the protocol', async () => {
    const { shake, socket, seen, inbox } = handshake();
    await open(shake);
    shake.receive(bytes(encodeReply(inbox(), { ...WELCOME, heartbeatSeconds: 0 } as HelloResult)));
    expect(socket.terminated).toBe(true);
    expect(seen.welcomed).toEqual([]);
    expect(seen.logs).toEqual(['malformed welcome; dropping link']);
  });

  it('fails for good when the welcome cannot be kept', async () => {
    const { shake, seen, inbox } = handshake({
      welcomed: async () => {
        throw new Error('disk full');
      },
    });
    await open(shake);
    shake.receive(bytes(encodeReply(inbox(), WELCOME)));
    await settle();
    expect(seen.failed).toHaveLength(1);
    expect(seen.failed[0]).toMatchObject({ code: 'internal' });
    expect(seen.failed[0]!.message).toContain('disk full');
    expect(seen.up).toEqual([]);
  });

  it('passes nothing on when the link could not come up, or the socket closed meanwhile', async () => {
    const refused = handshake({ up: false });
    await open(refused.shake);
    refused.shake.receive(bytes(encodeReply(refused.inbox(), WELCOME)));
    await settle();
    expect(refused.seen.up).toHaveLength(1);
    refused.shake.receive(bytes(request(1)));
    expect(refused.seen.frames).toEqual([]);

    let keep!: () => void;
    const closed = handshake({ welcomed: () => new Promise((resolve) => (keep = resolve)) });
    await open(closed.shake);
    closed.shake.receive(bytes(encodeReply(closed.inbox(), WELCOME)));
    closed.shake.closed();
    keep();
    await settle();
    expect(closed.seen.welcomed).toHaveLength(1);
    expect(closed.seen.up).toEqual([]);
  });

  it('drops the socket when it cannot build the hello', async () => {
    const { shake, socket, sent, seen } = handshake({
      hello: async () => {
        throw new Error('no credential');
      },
    });
    await open(shake);
    expect(sent.map((text) => (decode(text) as { frame: { subject: string } }).frame.subject)).toEqual([
      'agent.prove',
    ]);
    expect(socket.terminated).toBe(true);
    expect(seen.logs).toEqual(['could not build hello']);
  });

  it('asks the manager to prove its key with a fresh nonce before it sends anything secret', async () => {
    const { shake, sent, seen } = handshake();
    shake.opened();
    expect(sent).toHaveLength(1);
    const prove = decode(sent[0]!);
    expect(prove.ok && prove.frame.subject).toBe('agent.prove');
    const nonce = prove.ok ? (prove.frame.data as { nonce: string }).nonce : '';
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    shake.receive(bytes(encodeReply(inboxOf(sent, 'agent.prove'), PROOF)));
    await settle();
    expect(seen.proofs).toEqual([{ publicKey: PROOF.publicKey, nonce }]);
    expect(decode(sent[1]!).ok && (decode(sent[1]!) as { frame: { subject: string } }).frame.subject).toBe(
      'agent.hello',
    );
  });

  it('sends no hello to a manager whose proof is refused, and calls that unproven, not refused', async () => {
    const { shake, socket, sent, seen } = handshake({
      proven: async () => {
        throw new ProtocolError('unauthorized', 'it proved another key');
      },
    });
    await open(shake);
    expect(sent).toHaveLength(1);
    expect(socket.terminated).toBe(true);
    expect(seen.unproven.map((e) => e.message)).toEqual(['it proved another key']);
    expect(seen.refused).toEqual([]);
  });

  it('takes a refusal of the proof, even unauthorized, as unproven: an impostor cannot stop the agent', async () => {
    const { shake, socket, sent, seen } = handshake();
    shake.opened();
    shake.receive(
      bytes(encodeErrorReply(inboxOf(sent, 'agent.prove'), { code: 'unauthorized', message: 'go away' })),
    );
    await settle();
    expect(sent).toHaveLength(1);
    expect(socket.terminated).toBe(true);
    expect(seen.unproven).toHaveLength(1);
    expect(seen.unproven[0]).toMatchObject({ code: 'unauthorized' });
    expect(seen.refused).toEqual([]);
    expect(seen.proofs).toEqual([]);
  });

  it('drops the socket on a malformed proof or a request before the hello', async () => {
    const malformed = handshake();
    malformed.shake.opened();
    malformed.shake.receive(
      bytes(encodeReply(inboxOf(malformed.sent, 'agent.prove'), { publicKey: 'x' } as typeof PROOF)),
    );
    expect(malformed.seen.unproven).toHaveLength(1);
    expect(malformed.socket.terminated).toBe(true);

    const early = handshake();
    early.shake.opened();
    early.shake.receive(bytes(request(1)));
    expect(early.socket.terminated).toBe(true);
    expect(early.seen.proofs).toEqual([]);
    expect(early.sent).toHaveLength(1);
  });
});
