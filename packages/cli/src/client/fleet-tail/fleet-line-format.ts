import type { LogEntry, LogLine } from '@bosun/protocol';
import { formatLine } from '../log-line-format.ts';
import { lineLevel, lineText } from './line-text.ts';
import type { TailSource } from './tail-source.ts';

/** How the fleet tail prints: text with or without a coloured prefix, or JSON objects. */
export type FleetFormat = { json: boolean; prefix: boolean; colour: boolean; timestamps: boolean };

// docker compose's prefix colours, in its order; bright variants double the choice.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
const NEWLINE = Buffer.from('\n');

/** A colour that stays the same for a container across runs: picked by a hash of its label. */
export function prefixColour(label: string): number {
  let hash = 0;
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  return COLOURS[hash % COLOURS.length] as number;
}

/** `host/container` padded to `width` and `| `, as docker compose logs prefixes its lines. */
export function prefixText(label: string, width: number, colour: boolean): string {
  const text = `${label.padEnd(width)} | `;
  return colour ? `\x1b[${prefixColour(label)}m${text}\x1b[0m` : text;
}

/**
 * The bytes of one line in text form. Without a prefix they are `docker logs`'s; with one, a line
 * the program left without a newline gets one, so the next container's line starts on its own.
 */
export function formatFleetLine(
  source: TailSource,
  line: LogLine,
  format: FleetFormat,
  width: number,
): Buffer[] {
  const parts = formatLine(line, format.timestamps);
  if (!format.prefix) return parts;
  if (line.partial) parts.push(NEWLINE);
  return [Buffer.from(prefixText(source.label, width, format.colour)), ...parts];
}

/**
 * One JSON object per line for `--format json`: where it came from, its stream, Docker stamp,
 * decoded text and detected level (null when the line names none); markers carry their own
 * fields (`kind`: restart, gap, end). No `seq`: a stored read numbers its lines from 0 and a live
 * line carries its stream's number, and mixing the two would mislead.
 */
export function jsonRecord(source: TailSource, entry: LogEntry): string {
  const from = { host: source.host, container: source.container, id: source.id };
  if (entry.kind !== 'line') return `${JSON.stringify({ ...from, ...entry })}\n`;
  const text = lineText(entry);
  const record: Record<string, unknown> = {
    ...from,
    stream: entry.stream,
    ts: entry.ts,
    text,
    level: lineLevel(text),
  };
  if (entry.partial) record.partial = true;
  if (entry.truncated) record.truncated = true;
  return `${JSON.stringify(record)}\n`;
}
