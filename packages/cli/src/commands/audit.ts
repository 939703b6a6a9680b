import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { AuditOptions } from './audit-run.ts';
import { AUDIT_OUTCOME_CHOICES } from './option-choices.ts';

/** The most entries one `bosun audit` prints; past a page, it asks for the next. */
export const MAX_LIMIT = 100_000;

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
      .addOption(new Option('--outcome <outcome>', 'only this outcome').choices([...AUDIT_OUTCOME_CHOICES]))
      .addOption(new Option('--source <address>', 'only what came from this client address'))
      .addOption(new Option('--limit <n>', `at most this many entries (up to ${MAX_LIMIT})`).default('50'))
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: AuditOptions) => {
    const { runAudit } = await import('./audit-run.ts');
    await runAudit(options);
  });
}
