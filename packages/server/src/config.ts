import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Cidr, parseAllowedHost, parseCidr, parseImageReference } from '@bosun/api';
import { byteSize, formatByteSize, ProtocolError } from '@bosun/protocol';
import { MIN_PROCESS_MEMORY_BUDGET_BYTES } from './process-memory.ts';

/** Where a manager listens unless told otherwise: loopback only, until it is put behind TLS. */
export const DEFAULT_LISTEN = '127.0.0.1:7070';

/** A host and port to listen on (port 0: any free port), or the one actually bound. */
export type ListenAddress = { host: string; port: number };

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);
const HOST_NAME = /^[A-Za-z0-9.-]{1,253}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

function badListen(text: string, flag: string): ProtocolError {
  return new ProtocolError(
    'invalid_data',
    `${flag} ${JSON.stringify(text)}: expected host:port, e.g. 127.0.0.1:7070, 0.0.0.0:7070 or [::1]:7070`,
  );
}

/**
 * `host:port`, `[v6]:port`, `:port` (every interface) or a bare port (loopback only, the safe
 * default for a manager that has not been put behind TLS yet). Port 0 picks a free port. `flag`
 * names the setting in error messages.
 */
export function parseListen(text: string, flag = '--listen'): ListenAddress {
  const value = text.trim();
  let host: string;
  let portText: string;
  if (/^\d+$/.test(value)) {
    host = '127.0.0.1';
    portText = value;
  } else if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || value[end + 1] !== ':') throw badListen(text, flag);
    host = value.slice(1, end);
    portText = value.slice(end + 2);
    if (!IPV6.test(host)) throw badListen(text, flag);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) throw badListen(text, flag);
    host = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (host === '') host = '0.0.0.0';
    else if (!HOST_NAME.test(host)) throw badListen(text, flag);
  }
  if (!/^\d{1,5}$/.test(portText)) throw badListen(text, flag);
  const port = Number(portText);
  if (port > 65535) throw badListen(text, flag);
  return { host, port };
}

/**
 * The URL this machine reaches a manager listening on `address` at (wildcards become loopback),
 * https when it serves TLS.
 */
export function localBaseUrl(address: ListenAddress, scheme: 'http' | 'https' = 'http'): string {
  let host = address.host;
  if (WILDCARD_HOSTS.has(host)) host = host === '::' ? '::1' : '127.0.0.1';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * The manager's URL as others reach it (behind a proxy, with TLS): an origin, since the API and
 * the socket paths live at the root. Normalised without a trailing slash so `${publicUrl}/api/...`
 * reads right; credentials are refused since the URL is printed in join commands.
 */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ProtocolError('invalid_data', `--public-url ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProtocolError('invalid_data', '--public-url must be an http:// or https:// URL');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ProtocolError('invalid_data', '--public-url must not carry credentials, a query or a fragment');
  }
  if (url.pathname !== '/') {
    throw new ProtocolError(
      'invalid_data',
      '--public-url must be the root of a site, e.g. https://bosun.example.com',
    );
  }
  return url.origin;
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * `--trusted-proxy`: the reverse proxies (addresses or CIDRs, comma-separated) whose
 * X-Forwarded-For names the client, for rate limits and the audit.
 */
export function parseTrustedProxies(text: string): Cidr[] {
  try {
    return listOf(text).map(parseCidr);
  } catch (error) {
    throw new ProtocolError(
      'invalid_data',
      `--trusted-proxy: ${(error as Error).message}; expected addresses or CIDRs, e.g. 10.0.0.0/8,::1`,
    );
  }
}

/**
 * `--allowed-hosts`: host names (comma-separated, `*.example.com` for every name below one) the
 * manager answers besides its public URL's host, IP literals and loopback names.
 */
export function parseAllowedHosts(text: string): string[] {
  try {
    return listOf(text).map(parseAllowedHost);
  } catch (error) {
    throw new ProtocolError('invalid_data', `--allowed-hosts: ${(error as Error).message}`);
  }
}

/** `/var/lib/bosun/manager` for root, else under XDG_DATA_HOME (or ~/.local/share). */
export function defaultManagerDataDir(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): string {
  if (uid === 0) return '/var/lib/bosun/manager';
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'bosun', 'manager');
}

// Printable ASCII without spaces, so the token goes into an Authorization header as it is; at
// least 16 characters, since anyone who can reach the manager may try to guess it.
const METRICS_TOKEN = /^[\x21-\x7e]{16,256}$/;

/** The bearer token that may read `/metrics`: 16 to 256 printable ASCII characters, no spaces. */
export function parseMetricsToken(text: string): string {
  const token = text.trim();
  if (!METRICS_TOKEN.test(token)) {
    throw new ProtocolError(
      'invalid_data',
      '--metrics-token must be 16 to 256 printable ASCII characters without spaces, e.g. from `openssl rand -hex 32`',
    );
  }
  return token;
}

/**
 * `--memory-budget`: the manager process's memory, a size such as `512MiB`, `1GiB` or plain
 * bytes, at least `MIN_PROCESS_MEMORY_BUDGET_BYTES`.
 */
export function parseMemoryBudget(text: string): number {
  const bytes = byteSize(text);
  if (bytes === undefined) {
    throw new ProtocolError(
      'invalid_data',
      `--memory-budget ${JSON.stringify(text)}: expected a size such as 512MiB, 1GiB or a number of bytes`,
    );
  }
  if (bytes < MIN_PROCESS_MEMORY_BUDGET_BYTES) {
    throw new ProtocolError(
      'invalid_data',
      `--memory-budget ${JSON.stringify(text)}: at least ${formatByteSize(MIN_PROCESS_MEMORY_BUDGET_BYTES)}`,
    );
  }
  return bytes;
}

/** `--max-log-sockets`: a whole number of log sockets, at least 1. */
export function parseMaxLogSockets(text: string): number {
  const value = text.trim();
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) {
    throw new ProtocolError(
      'invalid_data',
      `--max-log-sockets ${JSON.stringify(text)}: expected a whole number of sockets, at least 1`,
    );
  }
  return Number(value);
}

/** The log-socket limits for a total: each user may hold a quarter of it (at least one). */
export function logSocketLimits(total: number): {
  maxViewerSockets: number;
  maxViewerSocketsPerUser: number;
} {
  return { maxViewerSockets: total, maxViewerSocketsPerUser: Math.max(1, Math.floor(total / 4)) };
}

/**
 * `--agent-image`: the image the container form of a join line runs, e.g. `bosun-agent:0.2.0` or
 * `registry.example.com/ops/bosun-agent:0.2.0`.
 */
export function parseAgentImage(text: string): string {
  return parseImageReference(text, '--agent-image');
}
