import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DecodeResult, decode } from './decode.ts';
import { encodePush } from './encode.ts';
import type { ErrorCode } from './errors.ts';
import { EXAMPLE_INBOX } from './examples.ts';
import { MAX_FRAME_BYTES } from './limits.ts';

const json = (value: unknown) => JSON.stringify(value);

function failed(result: DecodeResult, code: ErrorCode) {
  if (result.ok) throw new Error(`expected ${code}, decoded ${json(result.frame)}`);
  expect(result.error.code).toBe(code);
  return result;
}

afterEach(() => vi.restoreAllMocks());

describe('decode accepts every transport form', () => {
  const text = encodePush('agent.heartbeat', { at: 1 });
  const bytes = new TextEncoder().encode(text);

  it.each([
    ['string', text],
    ['Uint8Array', bytes],
    ['ArrayBuffer', bytes.slice().buffer],
    ['offset view', new Uint8Array([0x20, ...bytes, 0x20]).subarray(1, bytes.length + 1)],
    ['DataView', new DataView(bytes.slice().buffer)],
    ['chunks', [bytes.subarray(0, 5), bytes.subarray(5)]],
  ])('%s', (_name, input) => {
    expect(decode(input)).toStrictEqual({ ok: true, frame: { subject: 'agent.heartbeat', data: { at: 1 } } });
  });
});

describe('decode rejects', () => {
  it('text that is not JSON', () => {
    failed(decode('{nope'), 'bad_json');
    failed(decode(''), 'bad_json');
  });

  it('binary garbage: invalid UTF-8, and valid UTF-8 that is not JSON', () => {
    failed(decode(new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3])), 'bad_json');
    failed(decode(new Uint8Array([0xed, 0xa0, 0x80])), 'bad_json');
    failed(decode(new Uint8Array([1, 2, 3, 4])), 'bad_json');
  });

  it('an oversized frame by length alone, without parsing it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    failed(decode('x'.repeat(5 * 1024 * 1024)), 'too_large');
    failed(decode(new Uint8Array(MAX_FRAME_BYTES + 1)), 'too_large');
    failed(decode([new Uint8Array(MAX_FRAME_BYTES), new Uint8Array(1)]), 'too_large');
    expect(parse).not.toHaveBeenCalled();
  });

  it('a frame whose UTF-8 bytes exceed the limit though its length does not', () => {
    const text = `{"subject":"error","data":{"code":"internal","message":"${'é'.repeat(MAX_FRAME_BYTES / 2)}"}}`;
    expect(text.length).toBeLessThan(MAX_FRAME_BYTES);
    failed(decode(text), 'too_large');
  });

  it('a frame over a smaller maxBytes', () => {
    failed(decode(encodePush('agent.heartbeat', { at: 1 }), { maxBytes: 10 }), 'too_large');
  });

  it('anything that is neither text nor bytes', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        getPrototypeOf() {
          throw new Error('boom');
        },
      },
    );
    const getter = Object.defineProperty({}, 'subject', {
      get() {
        throw new Error('boom');
      },
    });
    for (const input of [null, undefined, 42, true, {}, getter, hostile, [1, 2], Symbol('x')]) {
      failed(decode(input as never), 'bad_frame');
    }
  });

  it('JSON that is not an object', () => {
    for (const text of ['[]', '[{"subject":"error"}]', 'null', '42', '"text"', 'true'])
      failed(decode(text), 'bad_frame');
  });

  it('deeply nested JSON without overflowing the stack', () => {
    failed(decode(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), 'bad_frame');
    const nested = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    failed(decode(`{"subject":"agent.heartbeat","data":${nested}}`), 'invalid_data');
  });

  it('a missing or malformed subject', () => {
    failed(decode(json({ data: {} })), 'bad_frame');
    failed(decode(json({ subject: 42, data: {} })), 'bad_frame');
    failed(decode(json({ subject: '', data: {} })), 'bad_frame');
    failed(decode(json({ subject: 'a'.repeat(129), data: {} })), 'bad_frame');
    failed(decode(json({ subject: 'log batch', data: {} })), 'bad_frame');
  });

  it('a missing data member', () => {
    failed(decode(json({ subject: 'agent.heartbeat' })), 'bad_frame');
  });

  it('unknown envelope keys, __proto__ included', () => {
    failed(decode(json({ subject: 'agent.heartbeat', data: { at: 1 }, extra: 1 })), 'bad_frame');
    failed(
      decode('{"subject":"agent.heartbeat","data":{"at":1},"__proto__":{"polluted":true}}'),
      'bad_frame',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an unknown subject, naming it', () => {
    const result = failed(decode(json({ subject: 'container.delete', data: {} })), 'unknown_subject');
    expect(result.subject).toBe('container.delete');
    failed(decode(json({ subject: '__proto__', data: {} })), 'unknown_subject');
    failed(decode(json({ subject: 'constructor', data: {} })), 'unknown_subject');
  });

  it('a subject outside `allow`', () => {
    const text = encodePush('agent.heartbeat', { at: 1 });
    failed(decode(text, { allow: ['log.batch'] }), 'forbidden');
    expect(decode(text, { allow: ['agent.heartbeat'] }).ok).toBe(true);
  });

  it('a request without a reply inbox, and a push with one', () => {
    failed(decode(json({ subject: 'container.list', data: {} })), 'bad_frame');
    failed(decode(json({ subject: 'agent.heartbeat', reply: EXAMPLE_INBOX, data: { at: 1 } })), 'bad_frame');
  });

  it('a reply inbox with bad characters', () => {
    for (const reply of [
      '_inbox.a b',
      '_inbox.',
      'inbox.abc',
      '_inbox.ü',
      `_inbox.${'a'.repeat(130)}`,
      7,
      null,
    ]) {
      const result = failed(decode(json({ subject: 'container.list', reply, data: {} })), 'bad_frame');
      expect(result.reply).toBeUndefined();
    }
  });
});
