// Copies of a few protocol and server constants for the command definitions' `.choices()` and
// help: importing them would load zod and the server on every start of `bosun`.
// option-choices.test.ts fails when a copy and its original part.

/** The protocol's `ROLES`: a user's global role. */
export const ROLE_CHOICES = ['admin', 'operator', 'viewer', 'none'] as const;

/** The protocol's `GRANT_ROLES`: the role a grant gives on one host. */
export const GRANT_ROLE_CHOICES = ['operator', 'viewer'] as const;

/** The protocol's `AUDIT_OUTCOMES`. */
export const AUDIT_OUTCOME_CHOICES = ['ok', 'denied', 'error'] as const;

/** The server's `DEFAULT_LISTEN`: loopback only, until the manager is put behind TLS. */
export const DEFAULT_MANAGER_LISTEN = '127.0.0.1:7070';
