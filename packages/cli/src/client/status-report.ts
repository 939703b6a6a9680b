import { humanDuration, type ManagerStatus } from '@bosun/protocol';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units with one decimal past KiB: `512 B`, `3.4 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

const count = (n: number) => n.toLocaleString('en-US');

function storeLine(store: ManagerStatus['store'], nowMs: number): string {
  const errors = `${count(store.errorsTotal)} error${store.errorsTotal === 1 ? '' : 's'} since start`;
  if (store.ok) return `ok (${errors})`;
  const since =
    store.failingSince === undefined
      ? ''
      : ` for ${humanDuration(Math.max(0, nowMs - store.failingSince)).toLowerCase()}`;
  return `FAILING${since}: ${store.error ?? 'unknown error'} (${errors})`;
}

function gapsLine(gaps: ManagerStatus['gaps']): string {
  const nonZero = Object.entries(gaps).filter(([, n]) => n > 0);
  return nonZero.length === 0 ? 'none' : nonZero.map(([reason, n]) => `${reason} ${count(n)}`).join(', ');
}

/** `bosun status` as people read it: one labelled line per part of the manager. */
export function formatStatus(status: ManagerStatus, nowMs = Date.now()): string {
  const { agents, reads, logs, memory, eventLoopDelayMs: delay } = status;
  const total = agents.total === null ? 'unknown total' : `${count(agents.total)} known`;
  const outdated = agents.outdated === 0 ? '' : `, ${count(agents.outdated)} outdated (see bosun hosts)`;
  const ms = (value: number) => `${Math.round(value)} ms`;
  const lines: Array<[string, string]> = [
    ['manager', `${status.version}, up ${humanDuration(status.uptimeSeconds * 1000).toLowerCase()}`],
    ['store', storeLine(status.store, nowMs)],
    ['agents', `${count(agents.online)} online of ${total}${outdated}`],
    [
      'streams',
      `${count(status.streams.open)} open, ${count(status.streams.subscriptions)} subscriptions, ${count(status.viewers)} viewers`,
    ],
    [
      'reads',
      `${count(reads.open)} open; ${count(reads.started)} started, ${count(reads.cancelled)} cancelled, ${count(reads.failed)} failed`,
    ],
    [
      'logs',
      `${count(logs.linesIn)} lines in (${formatBytes(logs.bytesIn)}), ${count(logs.entriesOut)} entries out (${formatBytes(logs.bytesOut)})`,
    ],
    ['gaps', gapsLine(status.gaps)],
    [
      'memory',
      `rss ${formatBytes(memory.rssBytes)}, heap ${formatBytes(memory.heapUsedBytes)}; rings ${formatBytes(memory.ringBytes)}, viewer queues ${formatBytes(memory.queuedBytes)}${
        memory.budgetBytes === undefined || memory.budgetUsedBytes === undefined
          ? ''
          : `; budget ${formatBytes(memory.budgetUsedBytes)} of ${formatBytes(memory.budgetBytes)}`
      }`,
    ],
    ['event loop', `delay p50 ${ms(delay.p50)}, p99 ${ms(delay.p99)}, max ${ms(delay.max)}`],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, text]) => `${label.padEnd(width)}   ${text}\n`).join('');
}
