import type { IncomingMessage } from 'node:http';
import { DockerFrameDemuxer } from '@bosun/agent';
import type Dockerode from 'dockerode';
import { waitFor } from '../../tests/kit/index.ts';
import { dockerTsToMs, type LatencyFrom, lineWriteMs, nowMs } from './docker-time.ts';
import { LatencyHistogram } from './histogram.ts';

/** What the bare client saw of lines 1..`last` (line 0 is the container's "ready" line). */
export type BareFollow = {
  /** Lines received so far, "ready" included. */
  readonly lines: number;
  /** Wall-clock ms when line `last` arrived (0 until then). */
  readonly doneAt: number;
  readonly latency: LatencyHistogram;
  /** Resolves once the container's "ready" line has arrived. */
  ready(): Promise<void>;
  /** Resolves with `doneAt` once line `last` has arrived; fails after `timeoutMs`. */
  done(timeoutMs: number): Promise<number>;
  stop(): void;
};

/**
 * The baseline: a plain Docker API client, `follow=1&timestamps=1` on the container, doing the
 * least a client can (split frames, read the stamp). Lines after the first are timed from their
 * Docker stamp (or the write time they carry) to the moment this process handles the chunk that
 * carried them.
 */
export async function bareFollow(
  container: Dockerode.Container,
  last: number,
  from: LatencyFrom = 'docker',
): Promise<BareFollow> {
  const stream = (await container.logs({
    follow: true,
    stdout: true,
    stderr: true,
    timestamps: true,
  })) as unknown as IncomingMessage;
  const latency = new LatencyHistogram();
  let lines = 0;
  let doneAt = 0;
  let chunkAt = 0;
  const demuxer = new DockerFrameDemuxer({
    onFrame: (_stream, payload) => {
      const index = lines++;
      if (index === 0 || index > last) return;
      // The payload starts with the stamp and a space; stamps are ASCII.
      const space = payload.indexOf(0x20);
      const ts = Buffer.from(payload.buffer, payload.byteOffset, space).toString('latin1');
      // The write time sits right after the line number, well within the first 40 bytes.
      const head = () =>
        Buffer.from(payload.buffer, payload.byteOffset + space + 1, Math.min(40, payload.length - space - 1));
      const start = from === 'write' ? lineWriteMs(head().toString('latin1')) : dockerTsToMs(ts);
      latency.add(chunkAt - start);
      if (index === last) doneAt = chunkAt;
    },
    onError: (error) => {
      stream.destroy(error);
    },
  });
  stream.on('data', (chunk: Buffer) => {
    chunkAt = nowMs();
    demuxer.push(chunk);
  });
  stream.on('error', () => {});
  return {
    get lines() {
      return lines;
    },
    get doneAt() {
      return doneAt;
    },
    latency,
    ready: async () => {
      await waitFor(() => lines >= 1, { timeoutMs: 15_000, what: 'the bare client to see "ready"' });
    },
    done: (timeoutMs) =>
      waitFor(() => doneAt > 0 && doneAt, { timeoutMs, what: 'the bare client to get every line' }),
    stop: () => stream.destroy(),
  };
}
