import { agentNameSchema, type JoinTokenCreateBody, joinTokenCreatedSchema } from '@bosun/protocol';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { parseTtlFlag } from '../client/duration.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { UsageError } from '../exit-codes.ts';

type CreateOptions = ConnectionOptions & { name?: string; ttl?: string };

/** `bosun token create`: a one-time join token and the `bosun agent` command that uses it. */
export function tokenCommand(): Command {
  return new Command('token')
    .description('Join tokens, which let a new host join with bosun agent.')
    .addCommand(createCommand());
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
