import {
  type Role,
  type UserCreateBody,
  type UserListResponse,
  type UserView,
  userListResponseSchema,
  userResponseSchema,
} from '@bosun/protocol';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

// No event announces user changes, so each answer is written into the list at once, and after a
// failure the list is read again: another admin may have changed it meanwhile.
function updateUsers(client: QueryClient, change: (users: UserView[]) => UserView[]): void {
  client.setQueryData<UserListResponse>(queryKeys.users, (data) => data && { users: change(data.users) });
}

function refetchUsers(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: queryKeys.users });
}

/** Every user, oldest first (admins only). */
export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: () => api('GET', '/api/users', userListResponseSchema),
    select: (data) => data.users,
  });
}

/**
 * Creates a user; the answer joins the cached list at once (no event announces user changes),
 * and after a failure the list is read again, since another admin may have changed it.
 */
export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreateBody) => api('POST', '/api/users', userResponseSchema, input),
    onSuccess: ({ user }) => updateUsers(client, (users) => [...users, user]),
    onError: () => refetchUsers(client),
  });
}

/** One change to a user: a new role, or a new password. */
export type UserPatch = { role: Role } | { password: string };

/** A new role, or a new password (which ends that user's sessions and API tokens). */
export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) =>
      api('PATCH', `/api/users/${encodeURIComponent(id)}`, userResponseSchema, patch),
    onSuccess: ({ user }) => updateUsers(client, (users) => users.map((u) => (u.id === user.id ? user : u))),
    onError: () => refetchUsers(client),
  });
}

/** Deletes a user; their sessions and API tokens go with them. */
export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiNoContent('DELETE', `/api/users/${encodeURIComponent(id)}`),
    onSuccess: (_answer, id) => updateUsers(client, (users) => users.filter((u) => u.id !== id)),
    onError: () => refetchUsers(client),
  });
}
