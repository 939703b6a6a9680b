// Recorded-style Docker log streams for the agent's tests: built the way Docker 20.10's json-file
// driver serves `GET /containers/{id}/logs?follow=1&timestamps=1&stdout=1&stderr=1`.
import { type LogEntry, type LogStream, MAX_LINE_BYTES } from '@bosun/protocol';

/** Where Docker's copier cuts a line without "\n": every 16 KiB. */
export const SPLIT = 16 * 1024;

/** The UTF-8 bytes of a text. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

const FRACTIONS = ['', '.1', '.12345', '.123456789'];
const BASE_SECONDS = 1_795_576_766;
/**
 * The i-th of distinct, increasing timestamps with every fraction width Docker produces (it trims
 * trailing zeros): "…26Z", "…26.1Z", "…26.12345Z", "…26.123456789Z", then the next second.
 */
export function tsAt(i: number): string {
  const seconds = BASE_SECONDS + Math.floor(i / FRACTIONS.length);
  const fraction = FRACTIONS[i % FRACTIONS.length]!;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

/** The prefix Docker puts before each message with timestamps=1: the time and a space. */
export function tsPrefix(ts: string): Buffer {
  return Buffer.from(`${ts} `, 'latin1');
}

/** One multiplexed frame: [stream, 0, 0, 0, size BE] + payload. A number gives a raw stream byte. */
export function frame(stream: LogStream | number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream === 'stdout' ? 1 : stream === 'stderr' ? 2 : stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** One line a container wrote, as the test means it. */
export interface RecordedLine {
  stream: LogStream;
  ts: string;
  /** The bytes the program wrote, without the final "\n". */
  content: Buffer;
  /** False for output that ended without "\n" (the container's last words). */
  newline?: boolean;
  /** Timestamps of the 2nd, 3rd… 16 KiB pieces (Docker versions differ: the same or later ones). */
  pieceTs?: string[];
}

/** One message as Docker stores and sends it. */
export interface Message {
  stream: LogStream;
  /** Timestamp prefix included. */
  payload: Buffer;
}

/**
 * How Docker's copier cuts a line: 16 KiB pieces while its buffer fills without "\n", then the
 * rest with "\n". A line of exactly 16 KiB is followed by a message holding only "\n"; output
 * without newline ends with the rest, or with a full 16 KiB piece when it is a multiple of it.
 */
export function dockerMessages(line: RecordedLine): Message[] {
  const messages: Message[] = [];
  const { content } = line;
  let offset = 0;
  let piece = 0;
  const tsOf = (index: number) => (index === 0 ? line.ts : (line.pieceTs?.[index - 1] ?? line.ts));
  while (content.length - offset >= SPLIT) {
    const body = content.subarray(offset, offset + SPLIT);
    messages.push({ stream: line.stream, payload: Buffer.concat([tsPrefix(tsOf(piece++)), body]) });
    offset += SPLIT;
  }
  const rest = content.subarray(offset);
  if (line.newline !== false) {
    messages.push({
      stream: line.stream,
      payload: Buffer.concat([tsPrefix(tsOf(piece)), rest, bytes('\n')]),
    });
  } else if (rest.length > 0) {
    messages.push({ stream: line.stream, payload: Buffer.concat([tsPrefix(tsOf(piece)), rest]) });
  }
  return messages;
}

/** Messages as one multiplexed (non-TTY) body. */
export function muxMessages(messages: Message[]): Buffer {
  return Buffer.concat(messages.map((m) => frame(m.stream, m.payload)));
}

/** Lines as the multiplexed body Docker serves for a non-TTY container. */
export function muxStream(lines: RecordedLine[]): Buffer {
  return muxMessages(lines.flatMap(dockerMessages));
}

/** A TTY container's stream: the same messages, raw, without frame headers. */
export function ttyStream(lines: RecordedLine[]): Buffer {
  return Buffer.concat(lines.flatMap(dockerMessages).map((m) => m.payload));
}

/** A line as bosun must show it: cut to MAX_LINE_BYTES at a character boundary when longer. */
export interface ExpectedLine {
  ts: string;
  content: Buffer;
  truncated: boolean;
}

/** What the entries for these lines must say, per stream, worked out without the code under test. */
export function expectedLines(lines: RecordedLine[]): Record<LogStream, ExpectedLine[]> {
  const out: Record<LogStream, ExpectedLine[]> = { stdout: [], stderr: [] };
  for (const line of lines) {
    const truncated = line.content.length > MAX_LINE_BYTES;
    const content = truncated ? cutAtCharacter(line.content, MAX_LINE_BYTES) : line.content;
    out[line.stream].push({ ts: line.ts, content, truncated });
  }
  return out;
}

// Independent of the code under test: whole characters while they fit.
function cutAtCharacter(content: Buffer, max: number): Buffer {
  let size = 0;
  for (const char of content.toString('utf8')) {
    const length = Buffer.byteLength(char);
    if (size + length > max) break;
    size += length;
  }
  return content.subarray(0, size);
}

/** What the entries say, back to bytes, per stream. */
export function linesOf(entries: LogEntry[]): Record<LogStream, ExpectedLine[]> {
  const out: Record<LogStream, ExpectedLine[]> = { stdout: [], stderr: [] };
  for (const entry of entries) {
    if (entry.kind !== 'line') continue;
    const content = Buffer.from(entry.text, entry.encoding === 'base64' ? 'base64' : 'utf8');
    out[entry.stream].push({ ts: entry.ts, content, truncated: entry.truncated === true });
  }
  return out;
}

/** The stream cut in two at every possible place. */
export function* splitEverywhere(stream: Uint8Array): Generator<Uint8Array[]> {
  for (let at = 1; at < stream.length; at++) yield [stream.subarray(0, at), stream.subarray(at)];
}

/**
 * For streams too long to cut everywhere in a test's time: every place within `radius` bytes of
 * a message's edges (frame header, timestamp prefix, start and end of its body, where every stage
 * keeps state across chunks), and every `stride`-th place elsewhere.
 */
export function* splitNearEdges(recorded: RecordedCase, radius = 48, stride = 509): Generator<Uint8Array[]> {
  const stream = streamOf(recorded);
  const places = new Set<number>();
  for (let at = stride; at < stream.length; at += stride) places.add(at);
  for (const edge of messageEdges(recorded)) {
    for (let at = edge - radius; at <= edge + radius; at++) if (at > 0 && at < stream.length) places.add(at);
  }
  for (const at of [...places].sort((a, b) => a - b)) yield [stream.subarray(0, at), stream.subarray(at)];
}

function messageEdges(recorded: RecordedCase): number[] {
  const edges: number[] = [];
  const header = recorded.tty ? 0 : 8;
  let at = 0;
  for (const message of messagesOf(recorded)) {
    const prefix = message.payload.indexOf(0x20) + 1;
    edges.push(at, at + header, at + header + prefix);
    at += header + message.payload.length;
  }
  edges.push(at);
  return edges;
}

/** The stream in chunks of `size` bytes (the last may be shorter). */
export function chunksOf(stream: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
  return chunks;
}

/** Cut at the given offsets (any order, duplicates and out-of-range ones ignored), e.g. from fast-check. */
export function splitAt(stream: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < stream.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(stream.subarray(from, cut));
    from = cut;
  }
  chunks.push(stream.subarray(from));
  return chunks;
}

const PLAIN = (i: number) => bytes(`plain line ${i}: GET /api/items/${i} 200 12ms`);

/** One Docker behaviour the pipeline must reproduce byte for byte. */
export interface RecordedCase {
  name: string;
  tty: boolean;
  lines: RecordedLine[];
  /** Messages in the order Docker sent them, when it is not line by line. */
  messages?: Message[];
}

function line(
  stream: LogStream,
  i: number,
  content: Buffer,
  extra: Partial<RecordedLine> = {},
): RecordedLine {
  return { stream, ts: tsAt(i), content, ...extra };
}

// 40 KiB with a 3-byte character across the first 16 KiB boundary and a 4-byte one across the second.
const LONG_UTF8 = Buffer.concat([
  Buffer.alloc(SPLIT - 1, 'a'),
  bytes('漢'),
  Buffer.alloc(SPLIT - 4, 'b'),
  bytes('🚀'),
  Buffer.alloc(40 * 1024 - 2 * SPLIT - 3, 'c'),
]);

/** One recorded case per Docker behaviour the pipeline must reproduce byte for byte. */
export const RECORDED_CASES: RecordedCase[] = [
  {
    name: '40 KiB line in three pieces, each with its own timestamp',
    tty: false,
    lines: [
      line('stdout', 0, PLAIN(0)),
      line('stdout', 1, Buffer.alloc(40 * 1024, 'x'), { pieceTs: [tsAt(2), tsAt(3)] }),
      line('stdout', 4, PLAIN(4)),
    ],
  },
  {
    name: 'multi-byte UTF-8 across 16 KiB pieces',
    tty: false,
    lines: [
      line('stdout', 0, LONG_UTF8, { pieceTs: [tsAt(1), tsAt(2)] }),
      line('stdout', 3, bytes('é漢🎉 ok')),
    ],
  },
  {
    name: 'ANSI colours, CRLF, lone CR, NUL, BOM and empty lines',
    tty: false,
    lines: [
      line('stdout', 0, bytes('\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[0m')),
      line('stdout', 1, bytes('windows line\r')),
      line('stdout', 2, bytes('progress 10%\rprogress 20%\r')),
      line('stderr', 3, bytes('nul\x00inside')),
      line('stdout', 4, bytes('\ufeffstarts with a BOM')),
      line('stdout', 5, bytes('')),
      line('stderr', 6, bytes('')),
      line('stdout', 7, bytes('\r')),
    ],
  },
  {
    name: 'stdout and stderr interleaved, a long stdout line cut by stderr lines',
    tty: false,
    lines: [
      line('stdout', 0, Buffer.alloc(2 * SPLIT + 10, 'o'), { pieceTs: [tsAt(2), tsAt(4)] }),
      line('stderr', 1, bytes('err one')),
      line('stderr', 3, bytes('err two')),
      line('stdout', 5, bytes('out after')),
    ],
    messages: [
      ...interleave(
        dockerMessages(line('stdout', 0, Buffer.alloc(2 * SPLIT + 10, 'o'), { pieceTs: [tsAt(2), tsAt(4)] })),
        [
          ...dockerMessages(line('stderr', 1, bytes('err one'))),
          ...dockerMessages(line('stderr', 3, bytes('err two'))),
        ],
      ),
      ...dockerMessages(line('stdout', 5, bytes('out after'))),
    ],
  },
  {
    name: 'last line without newline',
    tty: false,
    lines: [line('stdout', 0, PLAIN(0)), line('stdout', 1, bytes('bye, no newline'), { newline: false })],
  },
  {
    name: 'line of exactly 16 KiB with newline (a piece, then "\\n" alone)',
    tty: false,
    lines: [line('stderr', 0, Buffer.alloc(SPLIT, 'e')), line('stderr', 1, PLAIN(1))],
  },
  {
    name: 'message of exactly 16 KiB without newline, then EOF',
    tty: false,
    lines: [line('stdout', 0, PLAIN(0)), line('stdout', 1, Buffer.alloc(SPLIT, 'z'), { newline: false })],
  },
  {
    name: '100 KiB line of 3-byte characters, truncated at a character boundary',
    tty: false,
    lines: [line('stdout', 0, bytes('漢'.repeat(34 * 1024))), line('stdout', 1, PLAIN(1))],
  },
  {
    name: 'invalid UTF-8',
    tty: false,
    lines: [
      line('stdout', 0, Buffer.from([0xff, 0xfe, 0x41, 0xc3])),
      line('stderr', 1, Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62])),
      line('stdout', 2, PLAIN(2)),
    ],
  },
  {
    name: 'TTY: CRLF lines, colours, a 40 KiB line, last line without newline',
    tty: true,
    lines: [
      line('stdout', 0, bytes('root@box:/# ls\r')),
      line('stdout', 1, bytes('\x1b[01;34mbin\x1b[0m  \x1b[01;34metc\x1b[0m\r')),
      line('stdout', 2, Buffer.concat([Buffer.alloc(40 * 1024 - 1, 't'), bytes('\r')]), {
        pieceTs: [tsAt(3), tsAt(4)],
      }),
      line('stdout', 5, bytes('é漢🎉\r')),
      line('stdout', 6, bytes('')),
      line('stdout', 7, bytes('exit'), { newline: false }),
    ],
  },
  {
    name: 'TTY: 16 KiB line without newline at EOF',
    tty: true,
    lines: [
      line('stdout', 0, bytes('hello\r')),
      line('stdout', 1, Buffer.alloc(SPLIT, 'q'), { newline: false }),
    ],
  },
];

// The pieces of `a` with the messages of `b` slotted between them.
function interleave(a: Message[], b: Message[]): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== undefined) out.push(a[i]!);
    if (b[i] !== undefined) out.push(b[i]!);
  }
  return out;
}

function messagesOf(recorded: RecordedCase): Message[] {
  return recorded.messages ?? recorded.lines.flatMap(dockerMessages);
}

const STAMP_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/** `ts` moved `hours` later, its fraction as it was. */
function laterTs(ts: string, hours: number): string {
  const at = Date.parse(`${ts.slice(0, 19)}Z`) + hours * 3_600_000;
  return `${new Date(at).toISOString().slice(0, 19)}${ts.slice(19)}`;
}

/**
 * The case as if it had run `hours` later. Docker sends a stream's lines in time order, so cases
 * put one after another in one body must each come later than the one before.
 */
export function caseLater(recorded: RecordedCase, hours: number): RecordedCase {
  const later = (ts: string) => laterTs(ts, hours);
  const messages = messagesOf(recorded).map((message) => {
    const space = message.payload.indexOf(0x20);
    const stamp = message.payload.subarray(0, Math.max(space, 0)).toString('latin1');
    if (space < 0 || !STAMP_START.test(stamp)) return message;
    return {
      stream: message.stream,
      payload: Buffer.concat([bytes(later(stamp)), message.payload.subarray(space)]),
    };
  });
  const lines = recorded.lines.map((line) => ({
    ...line,
    ts: later(line.ts),
    ...(line.pieceTs === undefined ? {} : { pieceTs: line.pieceTs.map(later) }),
  }));
  return { ...recorded, lines, messages };
}

/** The body Docker serves for a recorded case. */
export function streamOf(recorded: RecordedCase): Buffer {
  const messages = messagesOf(recorded);
  return recorded.tty ? Buffer.concat(messages.map((m) => m.payload)) : muxMessages(messages);
}
