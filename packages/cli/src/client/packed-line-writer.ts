import { type PackedLogLines, packedStream, unpackLogLines } from '@bosun/protocol';
import { fixedTimestamp, formatLine } from './log-line-format.ts';
import type { OutputSink, OutputStream } from './output-sink.ts';

const NEWLINE = '\n';

/**
 * Writes a pack of stored lines as `docker logs` prints them, a run of one stream's lines at a
 * time: the pack's text already holds each line followed by "\n", so a run without timestamps is
 * one slice of it, encoded once, instead of a buffer per line. Lines that are base64 or have no
 * newline of their own go one by one, as `formatLine` writes them. Returns whether a line of the
 * pack was cut at the line bound, for the printer's note.
 */
export function writePackedLines(sink: OutputSink, pack: PackedLogLines, timestamps: boolean): boolean {
  const oneByOne = new Set([...(pack.base64 ?? []), ...(pack.partial ?? [])]);
  const text = pack.text;
  let runStream: OutputStream = 'stdout';
  // Without timestamps, the run is text[runStart, start); with them, `stamped` holds it.
  let runStart = 0;
  let stamped = '';
  let start = 0;
  const flush = () => {
    const run = timestamps ? stamped : text.slice(runStart, start);
    if (run.length > 0) sink.add(runStream, [Buffer.from(run, 'utf8')]);
    stamped = '';
    runStart = start;
  };
  let lines: ReturnType<typeof unpackLogLines> | undefined;
  for (let i = 0; i < pack.ts.length; i++) {
    const end = text.indexOf(NEWLINE, start);
    const stream = packedStream(pack, i);
    if (stream !== runStream || oneByOne.has(i)) {
      flush();
      runStream = stream;
    }
    if (oneByOne.has(i)) {
      lines ??= unpackLogLines(pack);
      sink.add(stream, formatLine(lines[i]!, timestamps));
      start = end + 1;
      runStart = start;
      continue;
    }
    if (timestamps) stamped += `${fixedTimestamp(pack.ts[i]!)} ${text.slice(start, end + 1)}`;
    start = end + 1;
  }
  flush();
  return (pack.truncated?.length ?? 0) > 0;
}
