import {
  AUDIT_OUTCOMES,
  type AuditEntryView,
  auditListResponseSchema,
  MAX_AUDIT_PAGE,
} from '@bosun/protocol';
import { Command, Option } from 'commander';
import { formatAuditTable } from '../client/audit-table.ts';
import { withConnectionOptions } from '../client/cli-options.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { UsageError } from '../exit-codes.ts';

type AuditOptions = ConnectionOptions & {
  since?: string;
  until?: string;
  user?: string;
  action?: string;
  outcome?: string;
  source?: string;
  limit: string;
  format: 'table' | 'json';
};

/** The most entries one `bosun audit` prints; past a page, it asks for the next. */
const MAX_LIMIT = 100_000;

/** `bosun audit`: the audit log (admins), newest first, as a table or JSON lines. */
export function auditCommand(): Command {
  return withConnectionOptions(
    new Command('audit')
      .description(
        'Show the audit log, newest first: who did what, to what, with what outcome, from where (admins).',
      )
      .addOption(
        new Option(
          '--since <time>',
          'only entries since: a duration back from now (1h, 7d), RFC 3339 or Unix seconds',
        ),
      )
      .addOption(new Option('--until <time>', 'only entries until: the same forms as --since'))
      .addOption(
        new Option(
          '--user <name>',
          'only what this user did (a failed login counts under the name it tried)',
        ),
      )
      .addOption(
        new Option('--action <prefix>', 'only actions starting with this, e.g. container. or session.login'),
      )
      .addOption(new Option('--outcome <outcome>', 'only this outcome').choices([...AUDIT_OUTCOMES]))
      .addOption(new Option('--source <address>', 'only what came from this client address'))
      .addOption(new Option('--limit <n>', `at most this many entries (up to ${MAX_LIMIT})`).default('50'))
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: AuditOptions) => {
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
  });
}

function parseLimit(text: string): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LIMIT))
    throw new UsageError(`--limit ${JSON.stringify(text)}: expected a number from 1 to ${MAX_LIMIT}`);
  return n;
}
