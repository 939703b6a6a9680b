import { type AuditEntryView, auditListResponseSchema, MAX_AUDIT_PAGE } from '@bosun/protocol';
import { formatAuditTable } from '../client/audit-table.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { UsageError } from '../exit-codes.ts';
import { MAX_LIMIT } from './audit.ts';

/** The options of `bosun audit`, as Commander parsed them. */
export type AuditOptions = ConnectionOptions & {
  since?: string;
  until?: string;
  user?: string;
  action?: string;
  outcome?: string;
  source?: string;
  limit: string;
  format: 'table' | 'json';
};

/** What `bosun audit` does, loaded only when it runs. */
export async function runAudit(options: AuditOptions): Promise<void> {
  const limit = parseLimit(options.limit);
  const { manager, token } = await loadConnection(options);
  const client = new ManagerClient(manager, { token });
  const filters: Record<string, string> = {};
  for (const key of ['since', 'until', 'user', 'action', 'outcome', 'source'] as const) {
    const value = options[key];
    if (value !== undefined) filters[key] = value;
  }
  const entries: AuditEntryView[] = [];
  let before: number | undefined;
  while (entries.length < limit) {
    const page = Math.min(MAX_AUDIT_PAGE, limit - entries.length);
    const query = new URLSearchParams({
      ...filters,
      limit: String(page),
      ...(before === undefined ? {} : { before: String(before) }),
    });
    const answer = await client.json(`/api/audit?${query}`, auditListResponseSchema);
    entries.push(...answer.entries);
    if (answer.next === undefined) break;
    before = answer.next;
  }
  if (options.format === 'json') {
    process.stdout.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  } else {
    process.stdout.write(formatAuditTable(entries));
  }
}

function parseLimit(text: string): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LIMIT))
    throw new UsageError(`--limit ${JSON.stringify(text)}: expected a number from 1 to ${MAX_LIMIT}`);
  return n;
}
