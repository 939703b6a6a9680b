import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { getLogBody } from './log-body-request.ts';

/** The options of a log request, as Docker's `/containers/{id}/logs` takes them. */
export type LogsQuery = {
  follow?: boolean;
  tail?: number | 'all';
  since?: string;
  until?: string;
};

/**
 * GET /containers/{id}/logs (stdout, stderr, timestamps), as a stream to consume at our pace
 * (dockerode's `logs()` without `follow` reads the whole body into memory). On a unix socket, the
 * usual daemon, through `getLogBody`, which hands the body on a socket read at a time instead of
 * a log message at a time; elsewhere (tcp, tls) through dockerode's modem. Either way the body
 * ends ('end') only at its end, and a cut connection fails it.
 */
export function openLogs(docker: Docker, id: string, query: LogsQuery): Promise<Readable> {
  const options = { follow: false, stdout: true, stderr: true, timestamps: true, ...query };
  const socketPath = (docker.modem as { socketPath?: unknown }).socketPath;
  if (typeof socketPath === 'string') {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) params.set(key, String(value));
    return getLogBody(socketPath, `/containers/${encodeURIComponent(id)}/logs?${params}`);
  }
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options,
      },
      (error, response) => (error ? reject(error) : resolve(response as Readable)),
    );
  });
}
