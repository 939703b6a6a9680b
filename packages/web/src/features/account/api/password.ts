import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * Changes the logged-in user's own password. The manager ends the user's other sessions and
 * keeps this one; a wrong current password is a 400, so it shows as a message, not a logout.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api<void>('PUT', '/api/me/password', input),
  });
}
