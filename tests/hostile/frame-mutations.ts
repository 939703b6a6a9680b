import { EXAMPLES, MAX_FRAME_BYTES, newInbox, type Subject } from '@bosun/protocol';
import type { HostileRandom } from './hostile-random.ts';

/** One frame to throw at a socket: text or bytes, sent as a text or a binary WebSocket frame. */
export type HostileFrame = { what: string; payload: string | Buffer; binary: boolean };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LONG_STRING = 'x'.repeat(100_000);
const HOSTILE_VALUES: readonly Json[] = [
  null,
  true,
  '',
  [],
  {},
  -1,
  -0.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  '../../etc/passwd',
  "' OR 1=1 --",
  '\u0000\r\n',
  '\ud800',
  LONG_STRING,
  ['a', 1, null],
  { __proto__: { admin: true } } as unknown as Json,
  { constructor: { prototype: { polluted: true } } },
];
const SUBJECT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz._-0123456789';

// JSON.stringify writes a `__proto__` own key like any other; JSON.parse on the other side makes it
// an own property again, which is what a hostile peer sends.
function clone(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Every path to a value inside `value`: the fields a mutation may replace. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) for (const [i, item] of value.entries()) out.push(...paths(item, [...prefix, i]));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

function replaceAt(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  let parent = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return root;
}

function deep(depth: number, open: string, close: string, inner = '0'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** A valid frame of `subject` from protocol's examples, as a JSON value to mutate. */
export function exampleFrame(
  subject: Subject,
  data?: unknown,
): { subject: string; reply?: string; data: Json } {
  const example = EXAMPLES[subject] as { data: unknown; result?: unknown };
  const frame: { subject: string; reply?: string; data: Json } = {
    subject,
    data: clone(data ?? example.data),
  };
  if ('result' in example) frame.reply = newInbox();
  return frame;
}

/**
 * Hostile frames that leave the socket open: each is answered (an error) or ignored by the
 * manager. Mutations of `valid` (protocol's examples of what this peer sends): a field of the
 * wrong type or a huge number, a field dropped or added, an unknown or another peer's subject,
 * replies to nothing, broken envelopes, truncated or deeply nested JSON, random bytes in a binary
 * frame. `foreign` lists subjects this peer may not send.
 */
export function hostileFrame(
  random: HostileRandom,
  valid: readonly { subject: string; reply?: string; data: Json }[],
  foreign: readonly Subject[],
): HostileFrame {
  const base = clone(random.pick(valid)) as Record<string, Json>;
  const text = (what: string, value: unknown): HostileFrame => ({
    what,
    payload: JSON.stringify(value),
    binary: random.int(4) === 0,
  });
  switch (random.int(12)) {
    case 0: {
      const path = random.pick(paths(base.data ?? null));
      return text('a field of another type', {
        ...base,
        data: replaceAt(base.data ?? null, path, random.pick(HOSTILE_VALUES)),
      });
    }
    case 1: {
      const path = random.pick(paths(base.data ?? null));
      return text('a field left out', { ...base, data: replaceAt(base.data ?? null, path, undefined) });
    }
    case 2: {
      const key = random.pick(['__proto__', 'constructor', 'prototype', random.text(8, SUBJECT_ALPHABET)]);
      const data =
        base.data !== null && typeof base.data === 'object' && !Array.isArray(base.data) ? base.data : {};
      return text('a field added', { ...base, data: { ...data, [key]: random.pick(HOSTILE_VALUES) } });
    }
    case 3: {
      const subject = random.pick([
        random.text(1 + random.int(40), SUBJECT_ALPHABET),
        random.text(200, SUBJECT_ALPHABET),
        '../../etc/passwd',
        'logs subscribe',
        '',
        random.pick(foreign),
      ]);
      return text('an unknown or foreign subject', { ...base, subject });
    }
    case 4: {
      const data = random.pick<Json>([
        { ok: true, result: random.pick(HOSTILE_VALUES) },
        { ok: false, error: { code: 'internal', message: 'x' } },
        { ok: 'maybe' },
        random.pick(HOSTILE_VALUES),
      ]);
      return text('a reply to nothing', { subject: newInbox(), data });
    }
    case 5: {
      const envelope = random.pick<Json>([
        random.pick(HOSTILE_VALUES),
        { subject: base.subject ?? null },
        { subject: 42, data: {} },
        { ...base, reply: random.pick<Json>([42, 'not-an-inbox', `_inbox.${'a'.repeat(300)}`]) },
        { ...base, extra: 1 },
      ]);
      return text('a broken envelope', envelope);
    }
    case 6: {
      const whole = JSON.stringify(base);
      return { what: 'truncated JSON', payload: whole.slice(0, random.int(whole.length)), binary: false };
    }
    case 7: {
      const whole = JSON.stringify(base).replace(
        /\d+/,
        random.pick(['1e999', '-1e999', '123456789012345678901234567890', '0x10']),
      );
      return { what: 'a number JSON cannot hold', payload: whole, binary: false };
    }
    case 8:
      return { what: 'random bytes', payload: random.bytes(1 + random.int(2000)), binary: true };
    case 9: {
      const depth = random.pick([1000, 10_000, 100_000]);
      const nested = random.int(2) === 0 ? deep(depth, '[', ']') : deep(depth, '{"a":', '}');
      return {
        what: 'deeply nested JSON',
        payload: `{"subject":${JSON.stringify(base.subject ?? 'x')},"data":${nested}}`,
        binary: false,
      };
    }
    case 10:
      return {
        what: 'JSON that is no frame',
        payload: random.pick(['null', '[]', '"x"', '1', '{}', ' ', '{"a":1,"a":2}']),
        binary: false,
      };
    default:
      return text('many keys', {
        ...base,
        data: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
      });
  }
}

/** A frame just over the protocol's limit (answered `too_large`, the socket lives on). */
export function oversizedFrame(): HostileFrame {
  return {
    what: 'over the frame limit',
    payload: `{"subject":"x","data":"${'a'.repeat(MAX_FRAME_BYTES)}"}`,
    binary: false,
  };
}

/**
 * Frames after which the socket is closed by the WebSocket layer: text that is not UTF-8 (1007)
 * and a frame past twice the protocol's limit (1009).
 */
export function socketEndingFrame(random: HostileRandom): HostileFrame {
  if (random.int(4) === 0)
    return {
      what: 'past the socket limit',
      payload: Buffer.alloc(2 * MAX_FRAME_BYTES + 1, 0x61),
      binary: random.int(2) === 0,
    };
  const bad = Buffer.concat([
    Buffer.from('{"subject":"'),
    random.pick([Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80])]),
    Buffer.from('"}'),
  ]);
  return { what: 'text that is not UTF-8', payload: bad, binary: false };
}
