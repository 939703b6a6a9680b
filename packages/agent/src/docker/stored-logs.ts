import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { getUnchunked } from './unchunked-logs.ts';

/** The options of a stored-log read, as Docker's `/containers/{id}/logs` takes them. */
export type StoredLogsOptions = { tail?: number | 'all'; since?: string; until?: string };

const queryOf = (options: StoredLogsOptions) => ({
  follow: false,
  stdout: true,
  stderr: true,
  timestamps: true,
  ...options,
});

/**
 * GET /containers/{id}/logs without follow, as a stream. dockerode's `logs()`
 * without `follow` reads the whole body into memory; dialling the endpoint
 * with `isStream` hands back the response to consume at our pace.
 */
export function openStoredLogs(
  docker: Docker,
  id: string,
  options: StoredLogsOptions,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: queryOf(options),
      },
      (error, response) => (error ? reject(error) : resolve(response as IncomingMessage)),
    );
  });
}

/**
 * The same read for one-shot reads of a whole log (`log.read`), where speed matters most: on a
 * unix socket (the usual daemon) an HTTP/1.0 request, whose answer is not chunked (see
 * `getUnchunked`), elsewhere `openStoredLogs`. The body's bytes are the same. Its one difference:
 * the end of such a body is the connection's close, so a daemon that died mid-read shows as the
 * end of the log, where a chunked body would have failed.
 */
export function openWholeStoredLogs(
  docker: Docker,
  id: string,
  options: StoredLogsOptions,
): Promise<Readable> {
  const socketPath = (docker.modem as { socketPath?: unknown }).socketPath;
  if (typeof socketPath !== 'string') return openStoredLogs(docker, id, options);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(queryOf(options))) params.set(key, String(value));
  return getUnchunked(socketPath, `/containers/${encodeURIComponent(id)}/logs?${params}`);
}
