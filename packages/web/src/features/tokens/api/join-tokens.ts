import { joinTokenListResponseSchema } from '@bosun/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** Every join token, newest first, with its state (admins only). */
export function useJoinTokens(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.joinTokens,
    queryFn: () => api('GET', '/api/join-tokens', joinTokenListResponseSchema),
    select: (data) => data.tokens,
    enabled,
  });
}

/** Revokes an unused join token; the list is read again for its new state. */
export function useRevokeJoinToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiNoContent('DELETE', `/api/join-tokens/${encodeURIComponent(id)}`),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.joinTokens }),
  });
}
