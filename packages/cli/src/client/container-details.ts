import { containerDetailResponseSchema, containerDetailsSchema, describeStatus } from '@bosun/protocol';
import type { z } from 'zod';
import { painter, stateColour } from './colour.ts';
import { formatAgo, formatPorts } from './ps-table.ts';

/**
 * `GET /api/agents/:agent/containers/:container` as `bosun inspect` reads it: fields this version
 * does not know are kept, so `--format json` prints the details as the manager sent them.
 */
export const containerDetailAnswerSchema = containerDetailResponseSchema.extend({
  container: containerDetailsSchema.loose(),
});
/** One container's details, as `bosun inspect` prints them. */
export type ContainerDetailRow = z.infer<typeof containerDetailAnswerSchema>['container'];

// Arguments with spaces or quotes are shown quoted, so the command reads as one could type it.
function quoteArgument(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

function when(rfc3339: string | undefined, nowMs: number): string | undefined {
  if (rfc3339 === undefined) return undefined;
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? rfc3339 : `${rfc3339} (${formatAgo(ms / 1000, nowMs)})`;
}

/**
 * The details as `key: value` lines, keys aligned, then the labels one per line; lines without
 * a value (a container never started has no start time) are left out.
 */
export function formatContainerDetails(
  host: string,
  details: ContainerDetailRow,
  nowMs = Date.now(),
  colour = false,
): string {
  const paint = painter(colour);
  const finished = when(details.finishedAt, nowMs);
  const fields: Array<[string, string | undefined]> = [
    ['Host', host],
    ['Name', details.name],
    ['ID', details.id],
    ['Image', details.image],
    ['State', paint(stateColour(details.state), details.state)],
    // Docker's wording, health included: `Up 5 minutes (healthy)`.
    ['Status', describeStatus(details, nowMs)],
    [
      'Created',
      `${new Date(details.createdAt * 1000).toISOString()} (${formatAgo(details.createdAt, nowMs)})`,
    ],
    ['Started', when(details.startedAt, nowMs)],
    [
      'Finished',
      finished && (details.exitCode === undefined ? finished : `${finished}, exit code ${details.exitCode}`),
    ],
    ['Restarts', String(details.restartCount)],
    ['Command', details.command.map(quoteArgument).join(' ') || undefined],
    ['Ports', formatPorts(details.ports) || undefined],
    ['TTY', details.tty === undefined ? undefined : details.tty ? 'yes' : 'no'],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([key]) => key.length)) + 2;
  const lines = shown.map(([key, value]) => `${`${key}:`.padEnd(width)}${value}`);
  const labels = Object.entries(details.labels).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length > 0) {
    lines.push('Labels:');
    for (const [key, value] of labels) lines.push(`  ${key}=${value}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
