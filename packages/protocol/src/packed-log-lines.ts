import { z } from 'zod';
import { nonNegativeInt } from './fields.ts';
import { MAX_BATCH_LINES } from './limits.ts';
import { type LogEntry, type LogLine, type LogStream, MAX_LINE_TEXT_LENGTH } from './logs.ts';
import { dockerTimestampSchema } from './timestamps.ts';

const NEWLINE = '\n';
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
const lineIndexes = z.array(nonNegativeInt).max(MAX_BATCH_LINES).optional();

/**
 * Consecutive log lines in one value, so a reader parses one JSON value per batch instead of one
 * per line, and can write a run of lines' bytes as they are: a record of `GET
 * /api/logs?format=packed`, and the `lines` of the agent's `log.batch.packed` and
 * `log.read.batch.packed` pushes. Line `i` has seq `seq + i`, timestamp `ts[i]`, stream `streams[i]` (`o` stdout, `e`
 * stderr), and its text is the `i`-th piece of `text`, in which every line's text is followed by
 * "\n" (a line's own text never holds one: lines are cut there). `base64`, `truncated` and
 * `partial` list, in ascending order, the lines that carry that flag of `LogLine`.
 */
export const packedLogLinesSchema = z
  .object({
    kind: z.literal('lines'),
    seq: nonNegativeInt,
    ts: z.array(dockerTimestampSchema).min(1).max(MAX_BATCH_LINES),
    streams: z.string().regex(/^[oe]*$/, 'expected one o or e per line'),
    text: z.string(),
    base64: lineIndexes,
    truncated: lineIndexes,
    partial: lineIndexes,
  })
  .superRefine((pack, ctx) => {
    // Only a pack whose fields have their types is checked further; the rest already failed.
    if (typeof pack.text !== 'string' || typeof pack.streams !== 'string' || !Array.isArray(pack.ts)) return;
    const problem = packProblem(pack);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.path] });
  });
/** Stored log lines in one piece: see `packedLogLinesSchema`. */
export type PackedLogLines = z.infer<typeof packedLogLinesSchema>;

// The rules a schema of fields alone cannot say: one stream letter and one piece of text per
// timestamp, each piece within a line's bound, flags naming lines that exist, base64 that is.
function packProblem(pack: PackedLogLines): { message: string; path: string } | undefined {
  const count = pack.ts.length;
  if (pack.streams.length !== count)
    return { message: 'expected one stream letter per line', path: 'streams' };
  for (const key of ['base64', 'truncated', 'partial'] as const) {
    const indexes = pack[key] ?? [];
    for (let i = 0; i < indexes.length; i++) {
      if (indexes[i]! >= count || (i > 0 && indexes[i]! <= indexes[i - 1]!)) {
        return { message: 'expected ascending indexes of lines', path: key };
      }
    }
  }
  const base64 = new Set(pack.base64);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = pack.text.indexOf(NEWLINE, start);
    if (end === -1) return { message: 'expected a piece of text for every line', path: 'text' };
    if (end - start > MAX_LINE_TEXT_LENGTH) return { message: 'a line is too long', path: 'text' };
    if (base64.has(i) && ((end - start) % 4 !== 0 || !BASE64_PATTERN.test(pack.text.slice(start, end)))) {
      return { message: 'expected base64 text', path: 'text' };
    }
    start = end + 1;
  }
  if (start !== pack.text.length) return { message: 'expected no more text than lines', path: 'text' };
  return undefined;
}

/**
 * `lines` as packed records: one per run of consecutive seqs (a batch of a read is one run), at
 * most `MAX_BATCH_LINES` lines each.
 */
export function packLogLines(lines: readonly LogLine[]): PackedLogLines[] {
  const packs: PackedLogLines[] = [];
  let current: PackedLogLines | undefined;
  let texts: string[] = [];
  const close = () => {
    if (current === undefined) return;
    texts.push('');
    current.text = texts.join(NEWLINE);
    packs.push(current);
    current = undefined;
    texts = [];
  };
  for (const line of lines) {
    if (
      current === undefined ||
      line.seq !== current.seq + current.ts.length ||
      current.ts.length >= MAX_BATCH_LINES
    ) {
      close();
      current = { kind: 'lines', seq: line.seq, ts: [], streams: '', text: '' };
    }
    const index = current.ts.length;
    current.ts.push(line.ts);
    current.streams += line.stream === 'stdout' ? 'o' : 'e';
    texts.push(line.text);
    if (line.encoding === 'base64') flag(current, 'base64', index);
    if (line.truncated) flag(current, 'truncated', index);
    if (line.partial) flag(current, 'partial', index);
  }
  close();
  return packs;
}

function flag(pack: PackedLogLines, key: 'base64' | 'truncated' | 'partial', index: number): void {
  const indexes = pack[key];
  if (indexes === undefined) pack[key] = [index];
  else indexes.push(index);
}

/**
 * `entries` as one pack, when they are one run of lines with consecutive seqs (what almost every
 * batch of a flood is); undefined when a marker or a jump in seq is among them, which only the
 * per-entry form can carry (and a line whose text holds a "\n").
 */
export function packBatch(entries: readonly LogEntry[]): PackedLogLines | undefined {
  const first = entries[0];
  if (first === undefined || entries.length > MAX_BATCH_LINES || first.kind !== 'line') return undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    // A "\n" in a line's text (never from a producer that cuts lines there) would shift every
    // later line's text, so such a batch keeps the per-entry form.
    if (entry.kind !== 'line' || entry.seq !== first.seq + i || entry.text.includes(NEWLINE))
      return undefined;
  }
  return packLogLines(entries as readonly LogLine[])[0];
}

/** The lines of a pack that passed `packedLogLinesSchema`, as `LogLine`s. */
export function unpackLogLines(pack: PackedLogLines): LogLine[] {
  const lines: LogLine[] = [];
  const base64 = new Set(pack.base64);
  const truncated = new Set(pack.truncated);
  const partial = new Set(pack.partial);
  let start = 0;
  for (let i = 0; i < pack.ts.length; i++) {
    const end = pack.text.indexOf(NEWLINE, start);
    const line: LogLine = {
      kind: 'line',
      seq: pack.seq + i,
      ts: pack.ts[i]!,
      stream: packedStream(pack, i),
      text: pack.text.slice(start, end),
    };
    if (base64.has(i)) line.encoding = 'base64';
    if (truncated.has(i)) line.truncated = true;
    if (partial.has(i)) line.partial = true;
    lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** The stream of a pack's line `index`. */
export function packedStream(pack: PackedLogLines, index: number): LogStream {
  return pack.streams.charCodeAt(index) === 0x6f ? 'stdout' : 'stderr';
}
