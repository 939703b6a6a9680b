import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, decode, validateFrame } from './decode.ts';
import { encode, encodePush } from './encode.ts';
import { isInbox } from './envelope.ts';
import { ERROR_CODES, ProtocolError } from './errors.ts';
import { EXAMPLE_CONTAINER_ID, EXAMPLE_INBOX, EXAMPLE_WIRE_ERROR, EXAMPLES } from './examples.ts';
import { MAX_ERROR_MESSAGE_LENGTH } from './limits.ts';
import type { LogLine } from './logs.ts';
import { isSubject, SUBJECT_NAMES, SUBJECTS } from './subjects.ts';
import { anyString, dockerTimestamp } from './testing/arbitraries.ts';

// 4 properties x 4,000 runs: 16,000 hostile inputs per test run.
const RUNS = 4_000;

const ERROR_CODE_SET = new Set<string>(ERROR_CODES);

function wellFormed(result: DecodeResult): boolean {
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') return false;
  if (!result.ok) {
    return (
      result.error instanceof ProtocolError &&
      ERROR_CODE_SET.has(result.error.code) &&
      result.error.message.length <= MAX_ERROR_MESSAGE_LENGTH &&
      (result.reply === undefined || isInbox(result.reply))
    );
  }
  const { subject } = result.frame;
  if (!isSubject(subject) && !isInbox(subject)) return false;
  // Whatever decode accepts, it accepts again after encoding: no frame decodes to something unsendable.
  return validateFrame(result.frame).ok && decode(encode(result.frame)).ok;
}

const decodesSafely = (input: Parameters<typeof decode>[0]) => wellFormed(decode(input));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function baseFrames(): Json[] {
  const frames: Json[] = [];
  for (const subject of SUBJECT_NAMES) {
    const example = EXAMPLES[subject] as { data: Json; result?: Json };
    if (SUBJECTS[subject].kind === 'request') {
      frames.push({ subject, reply: EXAMPLE_INBOX, data: example.data });
      frames.push({ subject: EXAMPLE_INBOX, data: { ok: true, result: example.result ?? null } });
    } else frames.push({ subject, data: example.data });
  }
  frames.push({ subject: EXAMPLE_INBOX, data: { ok: false, error: EXAMPLE_WIRE_ERROR as Json } });
  return frames;
}

// Every container (object or array) in a value, with the path to it.
function containers(
  value: Json,
  path: (string | number)[] = [],
): { node: Json[] | Record<string, Json>; path: unknown[] }[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = { node: value, path };
  const children = Array.isArray(value)
    ? value.flatMap((child, i) => containers(child, [...path, i]))
    : Object.entries(value).flatMap(([key, child]) => containers(child, [...path, key]));
  return [own, ...children];
}

const mutation = fc.record({
  kind: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('drop', 'replace', 'add') },
    { weight: 1, arbitrary: fc.constantFrom('subject', 'reply', 'envelope') },
  ),
  pick: fc.nat(),
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', 'seq', 'kind', 'data', 'ok'),
    anyString(8),
  ),
  value: fc.jsonValue({ maxDepth: 3 }),
  subject: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SUBJECT_NAMES) },
    { weight: 1, arbitrary: anyString(20) },
    { weight: 1, arbitrary: anyString(20).map((s) => `_inbox.${s}`) },
    { weight: 1, arbitrary: fc.constant('a'.repeat(200)) },
  ),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function put(target: Record<string, Json>, key: string, value: Json): void {
  // defineProperty, so "__proto__" becomes an own key that JSON.stringify writes out.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutateContainer(target: Json[] | Record<string, Json>, m: Mutation): void {
  if (Array.isArray(target)) {
    const i = target.length === 0 ? 0 : m.pick % target.length;
    if (m.kind === 'drop') target.splice(i, 1);
    else if (m.kind === 'replace') target[i] = m.value as Json;
    else target.push(m.value as Json);
    return;
  }
  const keys = Object.keys(target);
  const existing = keys.length === 0 ? m.key : keys[m.pick % keys.length]!;
  if (m.kind === 'drop') delete target[existing];
  else if (m.kind === 'replace') put(target, existing, m.value as Json);
  else put(target, m.key, m.value as Json);
}

function mutate(frame: Record<string, Json>, m: Mutation): void {
  if (m.kind === 'subject') frame.subject = m.subject;
  else if (m.kind === 'reply') {
    if (m.pick % 3 === 0) delete frame.reply;
    else frame.reply = m.pick % 3 === 1 ? EXAMPLE_INBOX : (m.value as Json);
  } else if (m.kind === 'envelope') {
    mutateContainer(frame, { ...m, kind: (['drop', 'replace', 'add'] as const)[m.pick % 3]! });
  } else {
    const inside = containers(frame.data ?? null);
    if (inside.length > 0) mutateContainer(inside[m.pick % inside.length]!.node, m);
  }
}

describe('decode never throws', () => {
  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), decodesSafely), { numRuns: RUNS });
  });

  it('on random strings', () => {
    fc.assert(fc.property(anyString(256), decodesSafely), { numRuns: RUNS });
  });

  it('on random JSON values, frame-shaped or not', () => {
    // Mostly registered subjects with a reply exactly when they need one, so that random data
    // reaches the schemas instead of stopping at the envelope.
    const frameShaped = fc
      .record({
        subject: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...SUBJECT_NAMES, EXAMPLE_INBOX) },
          { weight: 1, arbitrary: anyString(16) },
        ),
        data: fc.jsonValue({ maxDepth: 4 }),
        odd: fc.oneof(
          { weight: 9, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
        ),
      })
      .map(({ subject, data, odd }) => {
        const reply = isSubject(subject) && SUBJECTS[subject].kind === 'request' ? EXAMPLE_INBOX : undefined;
        return odd === undefined ? { subject, reply, data } : { subject, reply: odd, data };
      });
    const value = fc.oneof(fc.jsonValue({ maxDepth: 5 }), frameShaped);
    fc.assert(
      fc.property(value, (v) => decodesSafely(JSON.stringify(v))),
      { numRuns: RUNS },
    );
  });

  it('on near-valid frames: examples with keys dropped, values replaced, keys added, subjects changed', () => {
    const frames = baseFrames();
    const arbitrary = fc.record({
      base: fc.nat({ max: frames.length - 1 }),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(arbitrary, ({ base, mutations }) => {
        const frame = structuredClone(frames[base]!) as Record<string, Json>;
        for (const m of mutations) mutate(frame, m);
        return decodesSafely(JSON.stringify(frame));
      }),
      { numRuns: RUNS },
    );
  });
});

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const textLine = fc.record(
  {
    kind: fc.constant('line' as const),
    seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    ts: dockerTimestamp,
    stream: fc.constantFrom('stdout' as const, 'stderr' as const),
    text: anyString(200),
    truncated: fc.constant(true as const),
  },
  { requiredKeys: ['kind', 'seq', 'ts', 'stream', 'text'], noNullPrototype: true },
);
const base64Line = fc
  .tuple(textLine, fc.uint8Array({ maxLength: 200 }))
  .map(([line, bytes]): LogLine => ({ ...line, text: base64(bytes), encoding: 'base64' }));

describe('log lines round-trip exactly', () => {
  it('through encodePush and decode', () => {
    const entries = fc.array(fc.oneof(textLine, base64Line), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(entries, (lines) => {
        const data = { container: EXAMPLE_CONTAINER_ID, entries: lines };
        expect(decode(encodePush('log.batch', data))).toStrictEqual({
          ok: true,
          frame: { subject: 'log.batch', data },
        });
      }),
      { numRuns: 500 },
    );
  });
});
