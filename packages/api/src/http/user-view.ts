import type { GrantRecord, Store, UserRecord } from '@bosun/hub';
import type { GrantView, UserView } from '@bosun/protocol';

/** A user as the API shows it, with the grants given: never the password hash. */
export function userView(user: UserRecord, grants: readonly GrantView[] = []): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    createdAt: user.createdAt,
    grants: [...grants],
  };
}

/** One user as the API shows it, its grants read from the store with their agents' names. */
export async function userViewWithGrants(store: Store, user: UserRecord): Promise<UserView> {
  const [view] = await userViewsWithGrants(store, [user], await store.grants.listForUser(user.id));
  return view as UserView;
}

/**
 * Users as the API shows them, each with its grants from `grants` (all of them when not given),
 * naming each agent as it is named now. Revoking an agent deletes its grants, so a name is
 * missing only while the two race; the id stands in for it then.
 */
export async function userViewsWithGrants(
  store: Store,
  users: readonly UserRecord[],
  grants?: readonly GrantRecord[],
): Promise<UserView[]> {
  const all = grants ?? (await store.grants.list());
  const names = new Map((await store.agents.list()).map((agent) => [agent.id, agent.name]));
  return users.map((user) =>
    userView(
      user,
      all
        .filter((grant) => grant.userId === user.id)
        .map((grant) => ({
          agentId: grant.agentId,
          agentName: names.get(grant.agentId) ?? grant.agentId,
          role: grant.role,
        })),
    ),
  );
}
