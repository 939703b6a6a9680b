import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';

/**
 * GET /containers/{id}/logs without follow, as a stream. dockerode's `logs()`
 * without `follow` reads the whole body into memory; dialling the endpoint
 * with `isStream` hands back the response to consume at our pace.
 */
export function openStoredLogs(
  docker: Docker,
  id: string,
  options: { tail?: number | 'all'; since?: string; until?: string },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: { follow: false, stdout: true, stderr: true, timestamps: true, ...options },
      },
      (error, response) => (error ? reject(error) : resolve(response as IncomingMessage)),
    );
  });
}
