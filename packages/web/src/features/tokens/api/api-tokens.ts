import { type ApiTokenCreateBody, apiTokenCreatedSchema, apiTokenListResponseSchema } from '@bosun/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** Which API tokens to list: one's own, or (admins) every user's. */
export type ApiTokenScope = 'own' | 'all';

/** API tokens, oldest first, revoked ones included; `all` is for admins (`enabled` for them only). */
export function useApiTokens(scope: ApiTokenScope, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...queryKeys.apiTokens, scope],
    queryFn: () =>
      api('GET', scope === 'all' ? '/api/api-tokens?all=1' : '/api/api-tokens', apiTokenListResponseSchema),
    select: (data) => data.tokens,
  });
}

/**
 * Revokes an API token (one's own; admins: anyone's). Every list is read again afterwards: the
 * answer carries no token, and the same token may show in both the own and the all list.
 */
export function useRevokeApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiNoContent('DELETE', `/api/api-tokens/${encodeURIComponent(id)}`),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}

/**
 * Creates an API token for oneself with the session; the token is in this answer only, so the UI
 * shows it once and keeps it nowhere. The lists are read again to show the new token.
 */
export function useCreateApiToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiTokenCreateBody) => api('POST', '/api/api-tokens', apiTokenCreatedSchema, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.apiTokens }),
  });
}
