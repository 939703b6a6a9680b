import { ProtocolError } from '@bosun/protocol';
import { parseIp } from './ip-address.ts';

/** The host names a manager answers to besides IP literals and loopback names. */
export type AllowedHosts = {
  /** Exact names, lower case, without a trailing dot. */
  readonly names: ReadonlySet<string>;
  /** `*.example.com` as `.example.com`: any name below it (not the name itself). */
  readonly suffixes: readonly string[];
};

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * One `--allowed-hosts` entry, checked: a host name, or `*.` before one for every name below it.
 * Throws a RangeError naming the entry.
 */
export function parseAllowedHost(entry: string): string {
  const name = normalizeName(entry);
  const bare = name.startsWith('*.') ? name.slice(2) : name;
  if (!HOST_NAME.test(bare)) {
    throw new RangeError(`${JSON.stringify(entry)} is not a host name or a *.domain pattern`);
  }
  return name;
}

/** The names a manager answers to: its public URL's host and the `--allowed-hosts` entries. */
export function allowedHostPolicy(publicUrl: string | undefined, entries: readonly string[]): AllowedHosts {
  const names = new Set<string>();
  const suffixes: string[] = [];
  if (publicUrl !== undefined) names.add(normalizeName(new URL(publicUrl).hostname));
  for (const entry of entries) {
    const name = parseAllowedHost(entry);
    if (name.startsWith('*.')) suffixes.push(name.slice(1));
    else names.add(name);
  }
  return { names, suffixes };
}

// `host`, `host:port`, `[v6]` or `[v6]:port`, as the Host header carries it.
function hostOf(header: string): { name: string; bracketed: boolean } | undefined {
  const value = header.trim();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    const rest = value.slice(end + 1);
    if (end < 0 || !(rest === '' || /^:\d{1,5}$/.test(rest))) return undefined;
    return { name: value.slice(1, end), bracketed: true };
  }
  const match = /^([^:]*)(:\d{1,5})?$/.exec(value);
  return match ? { name: normalizeName(match[1]!), bracketed: false } : undefined;
}

/**
 * Whether a request with this Host header is answered. DNS rebinding points a name the attacker
 * owns at the manager's address, so a page of that name is same-origin with what it loads from
 * there: refusing names the manager was not told about closes that, while an IP literal (which
 * no rebinding can produce) and loopback names (which resolve locally) keep working without
 * configuration.
 */
export function isAllowedHost(header: string, policy: AllowedHosts): boolean {
  const host = hostOf(header);
  if (!host) return false;
  if (host.bracketed) return host.name.includes(':') && parseIp(host.name) !== undefined;
  const { name } = host;
  if (name === '') return false;
  if (!name.includes(':') && parseIp(name) !== undefined) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (policy.names.has(name)) return true;
  return policy.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
}

/** The refusal of a request whose Host is not allowed: 403, naming the host and the setting. */
export function hostRefused(header: string): ProtocolError {
  const shown = header.length > 100 ? `${header.slice(0, 100)}…` : header;
  return new ProtocolError(
    'forbidden',
    `host ${JSON.stringify(shown)} is not served here; add it to --allowed-hosts (or set --public-url) to allow it`,
  );
}
