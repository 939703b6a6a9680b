import { PassThrough, Readable } from 'node:stream';
import { ContainerLogPipeline, DockerFrameDemuxer, OutboundLogQueue, type Scheduler } from '@bosun/agent';
import type { LogEntry } from '@bosun/protocol';
import Modem from 'docker-modem';

// `node bench/demux.bench.ts`: why bosun carries its own demuxer. One recorded multiplexed log
// stream (1,000,000 lines of ~100 bytes with timestamp prefixes, in 64 KiB chunks as a socket hands
// them over) through bosun's stages and through docker-modem's demuxStream plus a plain newline
// split. Figures are printed, never asserted. BOSUN_BENCH_LINES, BOSUN_BENCH_CHUNK_KIB and
// BOSUN_BENCH_RUNS change the defaults.

const LINES = Number(process.env.BOSUN_BENCH_LINES ?? 1_000_000);
// docker-modem copies the rest of its buffer at every frame, so its cost grows with the chunk size.
const CHUNK_BYTES = Number(process.env.BOSUN_BENCH_CHUNK_KIB ?? 64) * 1024;
const RUNS = Number(process.env.BOSUN_BENCH_RUNS ?? 3);
const BASE_SECONDS = 1_795_576_766;
const LINES_PER_SECOND = 50_000;

// Go's RFC3339Nano, as Docker prints it: trailing zeros of the fraction trimmed.
function timestamp(i: number): string {
  const seconds = BASE_SECONDS + Math.floor(i / LINES_PER_SECOND);
  const nanos = (i % LINES_PER_SECOND) * 20_000 + (i % 7) * 13;
  const fraction = nanos.toString().padStart(9, '0').replace(/0+$/, '');
  const date = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fraction === '' ? `${date}Z` : `${date}.${fraction}Z`;
}

function recordedStream(): { chunks: Buffer[]; bytes: number } {
  const frames: Buffer[] = [];
  for (let i = 0; i < LINES; i++) {
    const message = `level=info msg="request handled" path=/api/v1/items/${i} status=200 dur=${i % 97}ms`;
    const payload = Buffer.from(`${timestamp(i)} ${message.padEnd(99, '.')}\n`);
    const header = Buffer.alloc(8);
    header[0] = i % 10 === 0 ? 2 : 1;
    header.writeUInt32BE(payload.length, 4);
    frames.push(header, payload);
  }
  const stream = Buffer.concat(frames);
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += CHUNK_BYTES) chunks.push(stream.subarray(at, at + CHUNK_BYTES));
  return { chunks, bytes: stream.length };
}

function source(chunks: Buffer[]): Readable {
  let next = 0;
  return new Readable({
    read() {
      this.push(next < chunks.length ? chunks[next++] : null);
    },
  });
}

const immediate: Scheduler = {
  schedule(fn) {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  },
};

type Variant = (chunks: Buffer[]) => Promise<number>;

const demuxerOnly: Variant = (chunks) =>
  new Promise((resolve) => {
    let frames = 0;
    const demuxer = new DockerFrameDemuxer({ onFrame: () => frames++, onError: (e) => console.error(e) });
    const input = source(chunks);
    input.on('data', (chunk: Buffer) => demuxer.push(chunk));
    input.on('end', () => resolve(frames));
  });

function pipelineToBatches(withQueue: boolean): Variant {
  return (chunks) =>
    new Promise((resolve) => {
      let lines = 0;
      const queue = new OutboundLogQueue();
      const count = (entries: LogEntry[]) => {
        for (const entry of entries) if (entry.kind === 'line') lines++;
      };
      const pipeline = new ContainerLogPipeline({
        tty: false,
        nextSeq: 0,
        scheduler: immediate,
        onError: (e) => console.error(e),
        onEntries: (entries, textBytes) => {
          if (!withQueue) return count(entries);
          queue.enqueue('c', entries, textBytes);
          for (let batch = queue.take(); batch !== undefined; batch = queue.take()) count(batch.entries);
        },
      });
      const input = source(chunks);
      input.on('data', (chunk: Buffer) => pipeline.push(chunk));
      input.on('end', () => {
        pipeline.endOfStream();
        resolve(lines);
      });
    });
}

// What a client gets from docker-modem: demuxed bytes on two PassThroughs, still to be cut into lines.
const dockerModem: Variant = (chunks) =>
  new Promise((resolve) => {
    let lines = 0;
    const split = (stream: PassThrough) => {
      let carry: Buffer | undefined;
      stream.on('data', (chunk: Buffer) => {
        const data = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
        let start = 0;
        for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
          data.toString('utf8', start, nl);
          lines++;
          start = nl + 1;
        }
        carry = start < data.length ? data.subarray(start) : undefined;
        if (lines === LINES) resolve(lines);
      });
    };
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    split(stdout);
    split(stderr);
    new Modem().demuxStream(source(chunks), stdout, stderr);
  });

async function measure(variant: Variant, chunks: Buffer[]) {
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const units = await variant(chunks);
  const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { units, wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const { chunks, bytes } = recordedStream();
console.log(
  `${LINES.toLocaleString('en')} lines, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${chunks.length} chunks of ` +
    `${CHUNK_BYTES / 1024} KiB; ` +
    `median of ${RUNS} runs, Node ${process.version}`,
);
const variants: [string, Variant][] = [
  ['bosun demuxer only (frames)', demuxerOnly],
  ['bosun demuxer + full pipeline → batches', pipelineToBatches(false)],
  ['  … + outbound queue enqueue/take', pipelineToBatches(true)],
  ['docker-modem demuxStream + newline split', dockerModem],
];
const rows: string[][] = [];
for (const [name, variant] of variants) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(variant, chunks));
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  const units = runs[0]!.units;
  if (units !== LINES) console.warn(`${name}: counted ${units}, expected ${LINES}`);
  rows.push([
    name,
    Math.round(LINES / wall).toLocaleString('en'),
    (cpu / (LINES / 1e6)).toFixed(3),
    wall.toFixed(3),
  ]);
}
const header = ['variant', 'lines/s (wall)', 'CPU-s per 1M lines', 'wall s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const format = (row: string[]) =>
  row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(format(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(format(row));
