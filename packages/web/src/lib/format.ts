import type { ContainerPort } from '@bosun/protocol';

const numberFormat = new Intl.NumberFormat('en-US');

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** A size in binary units: `512 B`, `1.5 KiB`, `12 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": for last-seen and created times. */
export function formatAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** A time in the browser's locale and time zone. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** Docker's published ports as `0.0.0.0:8080→80/tcp`, unpublished ones as `80/tcp`. */
export function formatPort(port: ContainerPort): string {
  const inner = `${port.privatePort}/${port.type}`;
  if (port.publicPort === undefined) return inner;
  return `${port.ip ? `${port.ip}:` : ''}${port.publicPort}→${inner}`;
}

/** A container's ports as formatPort writes them, each shown once. */
export function formatPorts(ports: readonly ContainerPort[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const port of ports) {
    // Docker lists a port once per address family; one entry is enough on screen.
    const text = formatPort({ ...port, ip: port.ip === '::' ? '0.0.0.0' : port.ip });
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}
