import { MIN_PASSWORD_LENGTH } from '@bosun/protocol';

// The manager's rule for a new password (protocol's newPasswordSchema), checked here as well so
// the form can say so before sending; the manager still decides.

/** The rule, as a password field's hint says it. */
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters.`;

/** Why a new password would be refused, or null. Counts UTF-16 units, as the manager does. */
export function newPasswordProblem(password: string): string | null {
  return password.length < MIN_PASSWORD_LENGTH
    ? `Use at least ${MIN_PASSWORD_LENGTH} characters for the new password.`
    : null;
}
