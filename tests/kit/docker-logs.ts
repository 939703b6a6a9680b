import type { IncomingMessage } from 'node:http';
import type { Engine } from './docker-engine.ts';
import { LogDemuxer } from './log-demux.ts';
import { waitFor } from './wait-for.ts';

export type DockerLogsOptions = { stdout: boolean; stderr: boolean; timestamps?: boolean };

/**
 * GET /containers/{id}/logs as a stream. dockerode's `logs()` without `follow`
 * buffers the whole body (and tries to parse it as JSON), so the kit dials the
 * same endpoint with `isStream` and consumes the response itself.
 */
function openLogStream(engine: Engine, id: string, options: DockerLogsOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    engine.docker.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: {
          follow: false,
          stdout: options.stdout,
          stderr: options.stderr,
          timestamps: options.timestamps ?? false,
        },
      },
      (error, response) => (error ? reject(error) : resolve(response as IncomingMessage)),
    );
  });
}

/**
 * The stored logs of a container, byte for byte, through the Engine API. For a
 * TTY container the engine sends one raw stream (reported as stdout); otherwise
 * it multiplexes both streams, which are split here.
 */
export async function dockerLogs(
  engine: Engine,
  id: string,
  options: DockerLogsOptions,
): Promise<{ stdout: Buffer; stderr: Buffer }> {
  const { Config } = await engine.docker.getContainer(id).inspect();
  const response = await openLogStream(engine, id, options);
  if (Config.Tty) {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return { stdout: Buffer.concat(chunks), stderr: Buffer.alloc(0) };
  }
  const demuxer = new LogDemuxer();
  for await (const chunk of response) demuxer.push(chunk as Buffer);
  return demuxer.end();
}

/**
 * Polls a container's stored logs until one stream (stdout unless told) holds `text`: what a
 * test waits for before it looks at what bosun made of them.
 */
export async function waitForDockerLog(
  engine: Engine,
  id: string,
  text: string,
  options: { stream?: 'stdout' | 'stderr'; what?: string } = {},
): Promise<void> {
  const stream = options.stream ?? 'stdout';
  await waitFor(
    async () =>
      (await dockerLogs(engine, id, { stdout: stream === 'stdout', stderr: stream === 'stderr' }))[
        stream
      ].includes(text),
    {
      timeoutMs: 15_000,
      what: options.what ?? `${JSON.stringify(text)} in the ${stream} of ${id.slice(0, 12)}`,
    },
  );
}
