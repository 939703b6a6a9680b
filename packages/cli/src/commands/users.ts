import {
  agentListResponseSchema,
  agentRefSchema,
  GRANT_ROLES,
  grantRoleSchema,
  newPasswordSchema,
  ROLES,
  roleSchema,
  type UserCreateBody,
  userListResponseSchema,
  usernameSchema,
  userResponseSchema,
} from '@bosun/protocol';
import { Command, Option } from 'commander';
import type { z } from 'zod';
import { withConnectionOptions } from '../client/cli-options.ts';
import { ManagerClient } from '../client/http-client.ts';
import { promptPassword } from '../client/password-prompt.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { findGrant, findHost, findUser, formatUsersTable } from '../client/user-rows.ts';
import { UsageError } from '../exit-codes.ts';

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

async function client(options: ConnectionOptions): Promise<ManagerClient> {
  const { manager, token } = await loadConnection(options);
  return new ManagerClient(manager, { token });
}

async function userNamed(api: ManagerClient, name: string) {
  const { users } = await api.json('/api/users', userListResponseSchema);
  return findUser(users, name);
}

// Arguments are checked with the schemas the manager applies, so a bad one fails before any request.
function checked<T>(schema: z.ZodType<T>, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
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
    const { users } = await (await client(options)).json('/api/users', userListResponseSchema);
    process.stdout.write(
      options.format === 'json'
        ? users.map((u) => `${JSON.stringify(u)}\n`).join('')
        : formatUsersTable(users),
    );
  });
}

function addCommand(): Command {
  return withConnectionOptions(
    new Command('add')
      .description('Add a user; the password is asked for without echo, or read from BOSUN_NEW_PASSWORD.')
      .argument('<name>', 'the new username')
      .addOption(
        new Option('--role <role>', 'global role (none: only the hosts granted later)')
          .choices([...ROLES])
          .makeOptionMandatory(),
      ),
  ).action(async (name: string, options: ConnectionOptions & { role: string }) => {
    const body: UserCreateBody = {
      username: checked(usernameSchema, name, 'NAME'),
      role: checked(roleSchema, options.role, '--role'),
      password: checked(newPasswordSchema, await readNewPassword(name), 'password'),
    };
    const { user } = await (await client(options)).json('/api/users', userResponseSchema, {
      method: 'POST',
      body,
    });
    process.stdout.write(`Added ${user.username} (${user.role}).\n`);
  });
}

function removeCommand(): Command {
  return withConnectionOptions(
    new Command('remove')
      .description('Remove a user with their sessions, API tokens and grants.')
      .argument('<name>'),
  ).action(async (name: string, options: ConnectionOptions) => {
    const api = await client(options);
    const user = await userNamed(api, checked(usernameSchema, name, 'NAME'));
    await api.send(`/api/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
    process.stdout.write(`Removed ${user.username}.\n`);
  });
}

function grantCommand(): Command {
  return withConnectionOptions(
    new Command('grant')
      .description("Give a user a role on one host, beyond the user's global role.")
      .argument('<name>', 'the username')
      .argument('<host>', "the host's agent name or id")
      .addOption(
        new Option('--role <role>', 'role on that host').choices([...GRANT_ROLES]).makeOptionMandatory(),
      ),
  ).action(async (name: string, host: string, options: ConnectionOptions & { role: string }) => {
    const role = checked(grantRoleSchema, options.role, '--role');
    const api = await client(options);
    const user = await userNamed(api, checked(usernameSchema, name, 'NAME'));
    const { agents } = await api.json('/api/agents', agentListResponseSchema);
    const agent = findHost(agents, checked(agentRefSchema, host, 'HOST'));
    await api.json(
      `/api/users/${encodeURIComponent(user.id)}/grants/${encodeURIComponent(agent.id)}`,
      userResponseSchema,
      {
        method: 'PUT',
        body: { role },
      },
    );
    process.stdout.write(`${user.username} is now ${role} on ${agent.name}.\n`);
  });
}

function revokeCommand(): Command {
  return withConnectionOptions(
    new Command('revoke')
      .description("Take back a user's grant on one host.")
      .argument('<name>', 'the username')
      .argument('<host>', "the host's agent name or id"),
  ).action(async (name: string, host: string, options: ConnectionOptions) => {
    const api = await client(options);
    const user = await userNamed(api, checked(usernameSchema, name, 'NAME'));
    const agentId = findGrant(user, checked(agentRefSchema, host, 'HOST'));
    await api.send(`/api/users/${encodeURIComponent(user.id)}/grants/${encodeURIComponent(agentId)}`, {
      method: 'DELETE',
    });
    process.stdout.write(`${user.username} no longer has a grant on ${host}.\n`);
  });
}

// Never a flag: flags show in `ps`. A terminal is asked twice, so a typo is caught before the user exists.
async function readNewPassword(name: string): Promise<string> {
  const fromEnv = process.env.BOSUN_NEW_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError('no password: set BOSUN_NEW_PASSWORD or run bosun users add in a terminal');
  }
  const password = await promptPassword(`New password for ${name}: `);
  if ((await promptPassword('Again: ')) !== password) throw new UsageError('the passwords differ');
  return password;
}
