import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import { encode, encodeErrorReply, encodePush, encodeReply, encodeRequest } from './encode.ts';
import { isInbox, newInbox } from './envelope.ts';
import { ProtocolError } from './errors.ts';
import { EXAMPLE_CONTAINER_ID, EXAMPLE_INBOX } from './examples.ts';
import { MAX_BATCH_LINES, MAX_BATCH_TEXT_BYTES, MAX_FRAME_BYTES, MAX_LINE_BYTES } from './limits.ts';
import type { LogLine } from './logs.ts';

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : 'not a ProtocolError';
  }
  return undefined;
}

describe('encode', () => {
  it('writes the envelope keys in order, without undefined members', () => {
    expect(encodeRequest('container.list', {}, EXAMPLE_INBOX)).toBe(
      `{"subject":"container.list","reply":"${EXAMPLE_INBOX}","data":{}}`,
    );
    expect(encode({ subject: 'agent.heartbeat', data: { at: 1 } })).toBe(
      '{"subject":"agent.heartbeat","data":{"at":1}}',
    );
  });

  it('refuses a frame over MAX_FRAME_BYTES', () => {
    const text = 'é'.repeat(MAX_FRAME_BYTES / 2);
    expect(thrownCode(() => encodePush('error', { code: 'internal', message: text }))).toBe('too_large');
  });

  it('fits a full batch of worst-case lines, as the limits promise', () => {
    // Control characters escape to six bytes each in JSON, the worst case there is.
    const lineBytes = Math.floor(MAX_BATCH_TEXT_BYTES / MAX_BATCH_LINES);
    const entries: LogLine[] = Array.from({ length: MAX_BATCH_LINES }, (_, seq) => ({
      kind: 'line',
      seq: Number.MAX_SAFE_INTEGER - seq,
      ts: '2026-11-25T03:19:26.123456789Z',
      stream: 'stderr',
      text: '\u0001'.repeat(lineBytes),
      truncated: true,
    }));
    const frame = encodePush('log.batch', { container: EXAMPLE_CONTAINER_ID, entries });
    expect(frame.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(decode(frame).ok).toBe(true);
    const oneLongLine: LogLine = { ...entries[0]!, text: '\u0001'.repeat(MAX_LINE_BYTES) };
    expect(
      decode(encodePush('log.batch', { container: EXAMPLE_CONTAINER_ID, entries: [oneLongLine] })).ok,
    ).toBe(true);
  });

  it('refuses what JSON cannot carry', () => {
    expect(thrownCode(() => encodePush('agent.heartbeat', { at: 1n as unknown as number }))).toBe(
      'invalid_data',
    );
  });

  it('refuses a reply inbox that is not one', () => {
    expect(thrownCode(() => encodeRequest('container.list', {}, 'inbox-1'))).toBe('bad_frame');
    expect(thrownCode(() => encodeReply('log.batch', {}))).toBe('bad_frame');
  });
});

describe('encodeErrorReply', () => {
  it('never leaks an unexpected error', () => {
    const decoded = decode(encodeErrorReply(EXAMPLE_INBOX, new Error('ENOENT /home/someone/.bosun/secret')));
    expect(decoded).toStrictEqual({
      ok: true,
      frame: {
        subject: EXAMPLE_INBOX,
        data: { ok: false, error: { code: 'internal', message: 'internal error' } },
      },
    });
  });

  it('still answers when the details cannot be sent', () => {
    const error = new ProtocolError('conflict', 'already running', { details: { big: 1n } });
    const decoded = decode(encodeErrorReply(EXAMPLE_INBOX, error));
    expect(decoded).toStrictEqual({
      ok: true,
      frame: {
        subject: EXAMPLE_INBOX,
        data: { ok: false, error: { code: 'conflict', message: 'already running' } },
      },
    });
  });
});

describe('newInbox', () => {
  it('makes distinct, valid inboxes', () => {
    const a = newInbox();
    expect(isInbox(a)).toBe(true);
    expect(a).not.toBe(newInbox());
  });

  it('works where randomUUID is missing, as on a plain-http page', () => {
    const randomUUID = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const a = newInbox();
      expect(isInbox(a)).toBe(true);
      expect(a).not.toBe(newInbox());
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});
