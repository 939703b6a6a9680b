import type { PasswordChangeBody } from '@bosun/protocol';
import { useMutation } from '@tanstack/react-query';
import { apiNoContent } from '../../../lib/api-client.ts';

/**
 * Changes the logged-in user's own password. The manager ends the user's other sessions and
 * keeps this one, and revokes their API tokens unless `keepTokens`; a wrong current password is
 * a 400, so it shows as a message, not a logout.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: PasswordChangeBody) => apiNoContent('PUT', '/api/me/password', input),
  });
}
