import type { AgentView, UserView } from '@bosun/protocol';
import { ManagerError } from '../exit-codes.ts';
import { formatColumns } from './text-table.ts';

/** `bosun users list` as a table: name, global role, and the hosts granted with their roles. */
export function formatUsersTable(users: readonly UserView[]): string {
  return formatColumns(
    ['USER', 'ROLE', 'HOSTS'],
    users.map((user) => [
      user.username,
      user.role,
      user.grants.length === 0 ? '-' : user.grants.map((g) => `${g.agentName} (${g.role})`).join(', '),
    ]),
  );
}

/** The user named `name` (ignoring case, as the manager compares usernames); not found otherwise. */
export function findUser(users: readonly UserView[], name: string): UserView {
  const wanted = name.toLowerCase();
  const user = users.find((u) => u.username.toLowerCase() === wanted);
  if (!user) throw new ManagerError('not_found', `no user "${name}"`);
  return user;
}

/** The agent `ref` names, by id or by name, among those the manager listed; not found otherwise. */
export function findHost(agents: readonly AgentView[], ref: string): AgentView {
  const agent = agents.find((a) => a.id === ref) ?? agents.find((a) => a.name === ref);
  if (!agent) throw new ManagerError('not_found', `no agent "${ref}"`);
  return agent;
}

/**
 * The agent id of `user`'s grant that `ref` names (by id or agent name), so a grant can be taken
 * back even when its host no longer lists; not found otherwise.
 */
export function findGrant(user: UserView, ref: string): string {
  const grant = user.grants.find((g) => g.agentId === ref) ?? user.grants.find((g) => g.agentName === ref);
  if (!grant) throw new ManagerError('not_found', `${user.username} has no grant on "${ref}"`);
  return grant.agentId;
}
