import { type JoinTokenCreateBody, joinTokenCreatedSchema } from '@bosun/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/**
 * A one-time join token; its command is shown once and never stored by the UI. The Tokens page's
 * list is read again, so the new token is there to revoke.
 */
export function useCreateJoinToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: JoinTokenCreateBody) =>
      api('POST', '/api/join-tokens', joinTokenCreatedSchema, input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.joinTokens }),
  });
}
