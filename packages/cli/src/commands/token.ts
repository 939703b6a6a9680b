import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { ConnectionOptions } from '../client/settings.ts';
import type { CreateOptions, ListOptions } from './token-run.ts';

/**
 * `bosun token create|list|revoke`: join tokens, which let a new host join with `bosun agent`,
 * and the API tokens that log people and scripts in.
 */
export function tokenCommand(): Command {
  return new Command('token')
    .description('Join tokens, which let a new host join with bosun agent, and API tokens.')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(revokeCommand());
}

function listCommand(): Command {
  return withConnectionOptions(
    new Command('list')
      .description(
        'List your API tokens (* marks the one this CLI uses); admins: --all for every user’s, --join for join tokens.',
      )
      .addOption(new Option('--all', "every user's API tokens (admins only)"))
      .addOption(new Option('--join', 'join tokens instead, with their state (admins only)').conflicts('all'))
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: ListOptions) => {
    const { runTokenList } = await import('./token-run.ts');
    await runTokenList(options);
  });
}

function revokeCommand(): Command {
  return withConnectionOptions(
    new Command('revoke')
      .description(
        'Revoke an API token (tok_…: your own; admins: anyone’s) or an unused join token (jt_…: admins).',
      )
      .argument('<id>', 'the token’s id, as bosun token list shows it'),
  ).action(async (id: string, options: ConnectionOptions) => {
    const { runTokenRevoke } = await import('./token-run.ts');
    await runTokenRevoke(id, options);
  });
}

function createCommand(): Command {
  return withConnectionOptions(
    new Command('create')
      .description(
        'Create a one-time join token and print the bosun agent command that uses it (admins only).',
      )
      .addOption(
        new Option(
          '--name <name>',
          'name the joining host gets, whatever it proposes (default: its own choice)',
        ).env('BOSUN_TOKEN_NAME'),
      )
      .addOption(
        new Option(
          '--ttl <duration>',
          "how long the token stays valid, e.g. 30m, 1h (default: the manager's)",
        ).env('BOSUN_TOKEN_TTL'),
      ),
  ).action(async (options: CreateOptions) => {
    const { runTokenCreate } = await import('./token-run.ts');
    await runTokenCreate(options);
  });
}
