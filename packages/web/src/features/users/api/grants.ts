import { type GrantRole, type UserListResponse, type UserView, userResponseSchema } from '@bosun/protocol';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

function grantPath(userId: string, agentId: string): string {
  return `/api/users/${encodeURIComponent(userId)}/grants/${encodeURIComponent(agentId)}`;
}

function replaceUser(client: QueryClient, userId: string, change: (user: UserView) => UserView): void {
  client.setQueryData<UserListResponse>(
    queryKeys.users,
    (data) => data && { users: data.users.map((u) => (u.id === userId ? change(u) : u)) },
  );
}

// Another admin may have changed the user meanwhile: after a failure the list is read again.
function refetchUsers(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: queryKeys.users });
}

/** Gives a user a role on one host (or changes it); the answer's user replaces the cached one. */
export function useSetGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, agentId, role }: { userId: string; agentId: string; role: GrantRole }) =>
      api('PUT', grantPath(userId, agentId), userResponseSchema, { role }),
    onSuccess: ({ user }) => replaceUser(client, user.id, () => user),
    onError: () => refetchUsers(client),
  });
}

/** Takes a user's grant on one host back. */
export function useRemoveGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, agentId }: { userId: string; agentId: string }) =>
      apiNoContent('DELETE', grantPath(userId, agentId)),
    onSuccess: (_answer, { userId, agentId }) =>
      replaceUser(client, userId, (user) => ({
        ...user,
        grants: user.grants.filter((g) => g.agentId !== agentId),
      })),
    onError: () => refetchUsers(client),
  });
}
