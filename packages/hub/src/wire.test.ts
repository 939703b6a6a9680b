import { decode, EXAMPLE_INBOX, MAX_FRAME_BYTES, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { HubLogger } from './logger.ts';
import { FakeConnection } from './testing/fake-connection.ts';
import { sendErrorReply, sendReply } from './wire.ts';

function setup() {
  const conn = new FakeConnection();
  const logged: Array<{ level: string; msg: string }> = [];
  const logger: HubLogger = (level, msg) => logged.push({ level, msg });
  /** What the peer reads from the one frame it got, checked by the protocol's own decoder. */
  const answer = () => {
    expect(conn.sent).toHaveLength(1);
    const decoded = decode(conn.sent[0] as string);
    if (!decoded.ok) throw decoded.error;
    return decoded.frame;
  };
  return { conn, logged, logger, answer };
}

describe('sendReply', () => {
  it('sends the result on the inbox', () => {
    const { conn, logger, answer } = setup();
    sendReply(conn, EXAMPLE_INBOX, { sub: 's' }, logger);
    expect(answer()).toEqual({ subject: EXAMPLE_INBOX, data: { ok: true, result: { sub: 's' } } });
  });

  it.each([
    ['is not JSON', { id: 10n }],
    ['breaks the frame limit', { text: 'x'.repeat(MAX_FRAME_BYTES) }],
  ])('answers a result that %s with an internal error, logged, without throwing', (_, result) => {
    const { conn, logged, logger, answer } = setup();
    expect(() => sendReply(conn, EXAMPLE_INBOX, result, logger)).not.toThrow();
    expect(answer()).toEqual({
      subject: EXAMPLE_INBOX,
      data: { ok: false, error: { code: 'internal', message: 'the answer could not be encoded' } },
    });
    expect(logged).toEqual([{ level: 'error', msg: 'a reply could not be encoded' }]);
  });
});

describe('sendErrorReply', () => {
  it('drops details that cannot be encoded and keeps the answer', () => {
    const { conn, logger, answer } = setup();
    sendErrorReply(
      conn,
      EXAMPLE_INBOX,
      new ProtocolError('conflict', 'taken', { details: { n: 1n } }),
      logger,
    );
    expect(answer()).toEqual({
      subject: EXAMPLE_INBOX,
      data: { ok: false, error: { code: 'conflict', message: 'taken' } },
    });
  });
});
