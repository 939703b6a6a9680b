import { type JoinTokenCreateBody, joinTokenCreatedSchema } from '@bosun/protocol';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** A one-time join token; its command is shown once and never stored by the UI. */
export function useCreateJoinToken() {
  return useMutation({
    mutationFn: (input: JoinTokenCreateBody) =>
      api('POST', '/api/join-tokens', joinTokenCreatedSchema, input),
  });
}
