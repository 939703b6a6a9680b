/**
 * Every cached query's key in one place: the fleet event stream writes into the same caches the
 * screens read, so both must agree on the keys.
 */
export const queryKeys = {
  me: ['me'] as const,
  agents: ['agents'] as const,
  containers: ['containers'] as const,
  users: ['users'] as const,
  apiTokens: ['api-tokens'] as const,
  joinTokens: ['join-tokens'] as const,
  audit: ['audit'] as const,
};
