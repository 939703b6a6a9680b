import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { ConnectionOptions } from '../client/settings.ts';
import { GRANT_ROLE_CHOICES, ROLE_CHOICES } from './option-choices.ts';

/**
 * `bosun users list|add|remove|grant|revoke` (admins): users, their global roles, and the hosts
 * granted to them. HOST is an agent's name or id, resolved through the manager.
 */
export function usersCommand(): Command {
  return new Command('users')
    .description('Users, their roles, and the hosts granted to them (admins only).')
    .addCommand(listCommand())
    .addCommand(addCommand())
    .addCommand(removeCommand())
    .addCommand(grantCommand())
    .addCommand(revokeCommand());
}

function listCommand(): Command {
  return withConnectionOptions(
    new Command('list')
      .description('List the users with their roles and granted hosts.')
      .addOption(
        new Option('--format <format>', 'table, or json (one object per line)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (options: ConnectionOptions & { format: 'table' | 'json' }) => {
    const { runUsersList } = await import('./users-run.ts');
    await runUsersList(options);
  });
}

function addCommand(): Command {
  return withConnectionOptions(
    new Command('add')
      .description('Add a user; the password is asked for without echo, or read from BOSUN_NEW_PASSWORD.')
      .argument('<name>', 'the new username')
      .addOption(
        new Option('--role <role>', 'global role (none: only the hosts granted later)')
          .choices([...ROLE_CHOICES])
          .makeOptionMandatory(),
      ),
  ).action(async (name: string, options: ConnectionOptions & { role: string }) => {
    const { runUsersAdd } = await import('./users-run.ts');
    await runUsersAdd(name, options);
  });
}

function removeCommand(): Command {
  return withConnectionOptions(
    new Command('remove')
      .description('Remove a user with their sessions, API tokens and grants.')
      .argument('<name>'),
  ).action(async (name: string, options: ConnectionOptions) => {
    const { runUsersRemove } = await import('./users-run.ts');
    await runUsersRemove(name, options);
  });
}

function grantCommand(): Command {
  return withConnectionOptions(
    new Command('grant')
      .description("Give a user a role on one host, beyond the user's global role.")
      .argument('<name>', 'the username')
      .argument('<host>', "the host's agent name or id")
      .addOption(
        new Option('--role <role>', 'role on that host')
          .choices([...GRANT_ROLE_CHOICES])
          .makeOptionMandatory(),
      ),
  ).action(async (name: string, host: string, options: ConnectionOptions & { role: string }) => {
    const { runUsersGrant } = await import('./users-run.ts');
    await runUsersGrant(name, host, options);
  });
}

function revokeCommand(): Command {
  return withConnectionOptions(
    new Command('revoke')
      .description("Take back a user's grant on one host.")
      .argument('<name>', 'the username')
      .argument('<host>', "the host's agent name or id"),
  ).action(async (name: string, host: string, options: ConnectionOptions) => {
    const { runUsersRevoke } = await import('./users-run.ts');
    await runUsersRevoke(name, host, options);
  });
}
