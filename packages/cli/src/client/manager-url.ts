import { LOGS_SOCKET_PATH } from '@bosun/protocol';
import { UsageError } from '../exit-codes.ts';

/**
 * The manager's base URL (scheme, host, port and an optional path prefix), checked once. A URL
 * may not carry credentials or a query: secrets go in headers, never where proxies log them.
 */
export function parseManagerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--manager: not a URL: ${JSON.stringify(value)} (expected e.g. http://manager:7070)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--manager: unsupported scheme ${url.protocol} (use http or https)`);
  }
  if (url.username || url.password || url.search) {
    throw new UsageError(
      '--manager: the URL must not carry credentials or a query; log in with bosun login or set BOSUN_TOKEN',
    );
  }
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** An API path under the manager's base URL (which may sit behind a path prefix). */
export function apiUrl(manager: string, path: string): string {
  return `${manager}${path}`;
}

/** Where the CLI opens the logs socket: same host, ws(s) scheme. */
export function logsSocketUrl(manager: string): string {
  const url = new URL(`${manager}${LOGS_SOCKET_PATH}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
