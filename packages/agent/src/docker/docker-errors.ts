import { ProtocolError } from '@bosun/protocol';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** True when the error means "the Docker daemon is not there", not "the request was wrong". */
export function isDockerUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

/**
 * The one place where dockerode's errors become protocol errors. docker-modem
 * puts the HTTP status in `statusCode` and the daemon's text in `json.message`.
 */
export function toDockerProtocolError(err: unknown, what: string): ProtocolError {
  if (err instanceof ProtocolError) return err;
  if (isDockerUnreachable(err)) {
    return new ProtocolError(
      'docker_unavailable',
      `Docker is not reachable (${(err as { code: string }).code})`,
      {
        cause: err,
      },
    );
  }
  const e = err as {
    statusCode?: unknown;
    json?: { message?: unknown };
    reason?: unknown;
    message?: unknown;
  };
  const daemonText =
    typeof e.json?.message === 'string'
      ? e.json.message
      : typeof e.reason === 'string'
        ? e.reason
        : undefined;
  switch (e.statusCode) {
    case 404:
      return new ProtocolError('not_found', daemonText ?? `no such container: ${what}`, { cause: err });
    case 409:
      return new ProtocolError('conflict', daemonText ?? `conflict on ${what}`, { cause: err });
    case 400:
      return new ProtocolError('invalid_data', daemonText ?? `Docker rejected the request for ${what}`, {
        cause: err,
      });
    default:
      break;
  }
  const message = daemonText ?? (typeof e.message === 'string' ? e.message : 'unknown Docker error');
  return new ProtocolError('internal', `Docker failed on ${what}: ${message.slice(0, 300)}`, { cause: err });
}

/** Rejects with a `timeout` error when `work` does not settle within `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProtocolError('timeout', `${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
