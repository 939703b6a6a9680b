import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { CreatedJoinToken } from '../../../lib/api-types.ts';

/** A one-time join token; its command is shown once and never stored by the UI. */
export function useCreateJoinToken() {
  return useMutation({
    mutationFn: (input: { name?: string; ttl?: string }) =>
      api<CreatedJoinToken>('POST', '/api/join-tokens', input),
  });
}
