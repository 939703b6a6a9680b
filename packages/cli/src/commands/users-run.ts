import {
  agentListResponseSchema,
  agentRefSchema,
  grantRoleSchema,
  newPasswordSchema,
  roleSchema,
  type UserCreateBody,
  userListResponseSchema,
  usernameSchema,
  userResponseSchema,
} from '@bosun/protocol';
import type { z } from 'zod';
import { ManagerClient } from '../client/http-client.ts';
import { promptPassword } from '../client/password-prompt.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { findGrant, findHost, findUser, formatUsersTable } from '../client/user-rows.ts';
import { UsageError } from '../exit-codes.ts';

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

/** What `bosun users list` does, loaded only when it runs. */
export async function runUsersList(options: ConnectionOptions & { format: 'table' | 'json' }): Promise<void> {
  const { users } = await (await client(options)).json('/api/users', userListResponseSchema);
  process.stdout.write(
    options.format === 'json' ? users.map((u) => `${JSON.stringify(u)}\n`).join('') : formatUsersTable(users),
  );
}

/** What `bosun users add NAME` does, loaded only when it runs. */
export async function runUsersAdd(
  name: string,
  options: ConnectionOptions & { role: string },
): Promise<void> {
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
}

/** What `bosun users remove NAME` does, loaded only when it runs. */
export async function runUsersRemove(name: string, options: ConnectionOptions): Promise<void> {
  const api = await client(options);
  const user = await userNamed(api, checked(usernameSchema, name, 'NAME'));
  await api.send(`/api/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
  process.stdout.write(`Removed ${user.username}.\n`);
}

/** What `bosun users grant NAME HOST` does, loaded only when it runs. */
export async function runUsersGrant(
  name: string,
  host: string,
  options: ConnectionOptions & { role: string },
): Promise<void> {
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
}

/** What `bosun users revoke NAME HOST` does, loaded only when it runs. */
export async function runUsersRevoke(name: string, host: string, options: ConnectionOptions): Promise<void> {
  const api = await client(options);
  const user = await userNamed(api, checked(usernameSchema, name, 'NAME'));
  const agentId = findGrant(user, checked(agentRefSchema, host, 'HOST'));
  await api.send(`/api/users/${encodeURIComponent(user.id)}/grants/${encodeURIComponent(agentId)}`, {
    method: 'DELETE',
  });
  process.stdout.write(`${user.username} no longer has a grant on ${host}.\n`);
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
