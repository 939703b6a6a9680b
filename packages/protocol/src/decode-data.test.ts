import { describe, expect, it } from 'vitest';
import { type DecodeResult, decode, decodeResult, validateFrame } from './decode.ts';
import type { ErrorCode } from './errors.ts';
import {
  EXAMPLE_CONTAINER_DETAILS,
  EXAMPLE_CONTAINER_ID,
  EXAMPLE_CONTAINER_SUMMARY,
  EXAMPLE_INBOX,
  EXAMPLE_LOG_LINES,
  EXAMPLES,
} from './examples.ts';
import { MAX_BATCH_LINES } from './limits.ts';

const line = EXAMPLE_LOG_LINES[0]!;
const json = (value: unknown) => JSON.stringify(value);
const batch = (entries: unknown[]) =>
  json({ subject: 'log.batch', data: { container: EXAMPLE_CONTAINER_ID, entries } });

function failed(result: DecodeResult, code: ErrorCode) {
  if (result.ok) throw new Error(`expected ${code}, decoded ${json(result.frame)}`);
  expect(result.error.code).toBe(code);
  return result;
}

describe('decode rejects data', () => {
  it('data of the wrong type', () => {
    const result = failed(decode(json({ subject: 'agent.heartbeat', data: { at: 'now' } })), 'invalid_data');
    expect(result.error.message).toBe('data.at: expected number');
    failed(decode(json({ subject: 'agent.heartbeat', data: [] })), 'invalid_data');
    expect(failed(decode(json({ subject: 'agent.heartbeat', data: {} })), 'invalid_data').error.message).toBe(
      'data.at: required',
    );
  });

  it('a negative or fractional seq, naming the path', () => {
    expect(failed(decode(batch([{ ...line, seq: -1 }])), 'invalid_data').error.message).toBe(
      'data.entries[0].seq: expected >= 0',
    );
    const entries = [line, line, line, { ...line, seq: 2.5 }];
    expect(failed(decode(batch(entries)), 'invalid_data').error.message).toBe(
      'data.entries[3].seq: expected integer',
    );
  });

  it('a malformed Docker timestamp', () => {
    for (const ts of [
      '2026-11-25 03:19:26Z',
      '2026-11-25T03:19:26.1234567890Z',
      '2026-13-01T00:00:00Z',
      '2026-11-25T03:19:26+01:00',
    ]) {
      const result = failed(decode(batch([{ ...line, ts }])), 'invalid_data');
      expect(result.error.message).toMatch(/^data\.entries\[0\]\.ts: expected a Docker timestamp/);
    }
  });

  it('a join token with characters outside its charset', () => {
    const hello = EXAMPLES['agent.hello'].data;
    const frame = {
      subject: 'agent.hello',
      reply: EXAMPLE_INBOX,
      data: { ...hello, auth: { joinToken: 'abc$defghijklmnopq' } },
    };
    const result = failed(decode(json(frame)), 'invalid_data');
    expect(result.error.message).toMatch(/^data\.auth/);
  });

  it('an auth with both a join token and a credential', () => {
    const hello = EXAMPLES['agent.hello'].data;
    const auth = { joinToken: 'a'.repeat(16), credential: 'b'.repeat(16) };
    failed(
      decode(json({ subject: 'agent.hello', reply: EXAMPLE_INBOX, data: { ...hello, auth } })),
      'invalid_data',
    );
  });

  it('too many or too few batch entries', () => {
    const entries = Array.from({ length: MAX_BATCH_LINES + 1 }, (_, seq) => ({ ...line, seq }));
    expect(failed(decode(batch(entries)), 'invalid_data').error.message).toBe(
      `data.entries: expected at most ${MAX_BATCH_LINES} items`,
    );
    failed(decode(batch([])), 'invalid_data');
  });

  it('an unknown entry kind, and base64 that is not base64', () => {
    expect(failed(decode(batch([{ ...line, kind: 'blob' }])), 'invalid_data').error.message).toMatch(
      /^data\.entries\[0\]\.kind: expected kind "line" \| "restart" \| "gap" \| "end"/,
    );
    failed(decode(batch([{ ...line, encoding: 'base64', text: 'not base64!' }])), 'invalid_data');
    failed(decode(batch([{ ...line, encoding: 'base64', text: 'abc' }])), 'invalid_data');
  });

  it('a gap whose range runs backwards', () => {
    const gap = { sub: 's', fromSeq: 5, toSeq: 4, count: 1, reason: 'ring_evicted' };
    failed(decode(json({ subject: 'logs.gap', data: gap })), 'invalid_data');
  });

  it('a reply whose data is not {ok, result} or {ok: false, error}', () => {
    failed(decode(json({ subject: EXAMPLE_INBOX, data: { ok: true } })), 'invalid_data');
    failed(
      decode(json({ subject: EXAMPLE_INBOX, data: { ok: false, error: { code: 'nope', message: '' } } })),
      'invalid_data',
    );
    failed(
      decode(json({ subject: EXAMPLE_INBOX, reply: EXAMPLE_INBOX, data: { ok: true, result: 1 } })),
      'bad_frame',
    );
  });
});

describe('decode reports the reply inbox of a bad frame', () => {
  it('for bad data, unknown subjects, forbidden subjects and bad envelopes', () => {
    const cases: [string, ErrorCode][] = [
      [json({ subject: 'container.inspect', reply: EXAMPLE_INBOX, data: { id: '../etc' } }), 'invalid_data'],
      [json({ subject: 'container.delete', reply: EXAMPLE_INBOX, data: {} }), 'unknown_subject'],
      [json({ subject: 'logs.subscribe', reply: EXAMPLE_INBOX, data: {} }), 'forbidden'],
      [json({ subject: 42, reply: EXAMPLE_INBOX, data: {} }), 'bad_frame'],
      [json({ subject: 'container.list', reply: EXAMPLE_INBOX }), 'bad_frame'],
    ];
    for (const [text, code] of cases) {
      expect(failed(decode(text, { allow: ['container.list', 'container.inspect'] }), code).reply).toBe(
        EXAMPLE_INBOX,
      );
    }
  });

  it('but never for a reply frame, so errors cannot bounce between peers', () => {
    const result = failed(
      decode(json({ subject: EXAMPLE_INBOX, reply: '_inbox.other', data: {} })),
      'bad_frame',
    );
    expect(result.reply).toBeUndefined();
  });
});

describe('decode keeps data to the contract', () => {
  it('strips unknown keys inside data for forward compatibility', () => {
    const result = decode(json({ subject: 'agent.heartbeat', data: { at: 1, future: 'field' } }));
    expect(result).toStrictEqual({ ok: true, frame: { subject: 'agent.heartbeat', data: { at: 1 } } });
  });

  it('refuses container details that carry an environment', () => {
    const result = decodeResult('container.inspect', {
      container: { ...EXAMPLE_CONTAINER_DETAILS, env: ['A=1'] },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^result\.container\.env/);
  });

  it('takes summaries with run times, and without them from older agents', () => {
    const { startedAt: _s, finishedAt: _f, exitCode: _e, ...older } = EXAMPLE_CONTAINER_SUMMARY;
    expect(decodeResult('container.list', { containers: [older] })).toStrictEqual({
      ok: true,
      result: { containers: [older] },
    });
    expect(decodeResult('container.list', { containers: [EXAMPLE_CONTAINER_SUMMARY] })).toMatchObject({
      ok: true,
      result: { containers: [{ startedAt: '2026-11-25T01:19:26.731852064Z', exitCode: 137 }] },
    });
  });

  it('refuses malformed run times in a summary', () => {
    for (const bad of [{ startedAt: 'an hour ago' }, { finishedAt: 1_764_040_766 }, { exitCode: 1.5 }]) {
      const result = decodeResult('container.list', {
        containers: [{ ...EXAMPLE_CONTAINER_SUMMARY, ...bad }],
      });
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_data' } });
    }
  });

  it('decodeResult refuses push subjects and bad results without throwing', () => {
    expect(decodeResult('log.batch', {})).toMatchObject({ ok: false, error: { code: 'unknown_subject' } });
    expect(decodeResult('container.list', { containers: 'all' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_data', message: 'result.containers: expected array' },
    });
  });

  it('validateFrame applies the same checks to objects', () => {
    expect(validateFrame({ subject: 'agent.heartbeat', data: { at: 1 } }).ok).toBe(true);
    expect(validateFrame({ subject: 'agent.heartbeat', data: { at: -1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_data' },
    });
    expect(validateFrame(null)).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
  });
});
