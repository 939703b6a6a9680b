import { type LoginBody, type UserView, userResponseSchema } from '@bosun/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiNoContent } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** The logged-in user, or null when there is no session (not an error: the login page shows). */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<UserView | null> => {
      try {
        return (await api('GET', '/api/me', userResponseSchema)).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/**
 * Logs in with a password; on success every cached answer of a previous session is dropped and
 * the new user is known at once.
 */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginBody) => api('POST', '/api/login', userResponseSchema, input),
    onSuccess: ({ user }) => {
      client.clear();
      client.setQueryData(queryKeys.me, user);
    },
  });
}

/**
 * Logs out; whether or not the manager answered, every cached answer is dropped and the UI shows
 * the login page.
 */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiNoContent('POST', '/api/logout'),
    onSettled: () => {
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}
