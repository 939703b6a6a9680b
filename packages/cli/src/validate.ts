import { AgentNameSchema, JoinTokenSchema } from '@bosun/protocol';

/**
 * A `--join-token` value, checked with the schema the manager applies, so a bad value fails before
 * it ever reaches the manager; throws a sentence saying what to do otherwise.
 */
export function parseJoinToken(value: string): string {
  const parsed = JoinTokenSchema.safeParse(value);
  if (!parsed.success)
    throw new Error('the join token is malformed (copy it again from `bosun token create`)');
  return parsed.data;
}

/** A `--name` value, checked with the schema the manager applies; throws a sentence otherwise. */
export function parseAgentName(value: string): string {
  const parsed = AgentNameSchema.safeParse(value);
  if (!parsed.success) throw new Error('--name must be 1–64 characters of letters, digits, ".", "_" or "-"');
  return parsed.data;
}
