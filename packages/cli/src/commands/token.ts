import {
  type ApiTokenListQuery,
  agentNameSchema,
  apiTokenListResponseSchema,
  type JoinTokenCreateBody,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
  recordIdSchema,
} from '@bosun/protocol';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { parseTtlFlag } from '../client/duration.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { formatApiTokensTable, formatJoinTokensTable } from '../client/token-tables.ts';
import { UsageError } from '../exit-codes.ts';

type CreateOptions = ConnectionOptions & { name?: string; ttl?: string };
type ListOptions = ConnectionOptions & { all?: boolean; join?: boolean; format: 'table' | 'json' };

// Join tokens' ids are made with this prefix (`jt_…`); API tokens' with `tok_`.
const JOIN_TOKEN_ID_PREFIX = 'jt_';

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
    const { manager, token } = await loadConnection(options);
    const client = new ManagerClient(manager, { token });
    const lines = (rows: readonly unknown[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    if (options.join) {
      const { tokens } = await client.json('/api/join-tokens', joinTokenListResponseSchema);
      process.stdout.write(options.format === 'json' ? lines(tokens) : formatJoinTokensTable(tokens));
      return;
    }
    const query: ApiTokenListQuery = options.all ? { all: '1' } : {};
    const { tokens } = await client.json(
      `/api/api-tokens${options.all ? `?${new URLSearchParams(query)}` : ''}`,
      apiTokenListResponseSchema,
    );
    process.stdout.write(options.format === 'json' ? lines(tokens) : formatApiTokensTable(tokens));
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
    if (!recordIdSchema.safeParse(id).success) {
      throw new UsageError('the token id is malformed (copy it from bosun token list)');
    }
    const { manager, token } = await loadConnection(options);
    const kind = id.startsWith(JOIN_TOKEN_ID_PREFIX) ? 'join' : 'api';
    await new ManagerClient(manager, { token }).send(
      `/api/${kind === 'join' ? 'join-tokens' : 'api-tokens'}/${encodeURIComponent(id)}`,
      { method: 'DELETE', timeoutMs: 30_000 },
    );
    process.stderr.write(`Revoked ${kind === 'join' ? 'join' : 'API'} token ${id}.\n`);
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
    const body: JoinTokenCreateBody = {};
    if (options.name !== undefined) {
      if (!agentNameSchema.safeParse(options.name).success) {
        throw new UsageError('--name must be 1-64 characters of letters, digits, ".", "_" or "-"');
      }
      body.name = options.name;
    }
    if (options.ttl !== undefined) body.ttl = parseTtlFlag('--ttl', options.ttl);
    const { manager, token } = await loadConnection(options);
    const created = await new ManagerClient(manager, { token }).json(
      '/api/join-tokens',
      joinTokenCreatedSchema,
      {
        method: 'POST',
        body,
      },
    );
    process.stdout.write(
      `Join token: ${created.token}\nExpires:    ${new Date(created.expiresAt).toISOString()}\n` +
        `Run this on the Docker host (the token works once):\n\n  ${created.command}\n\n`,
    );
  });
}
