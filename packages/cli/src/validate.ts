import { AgentNameSchema, JoinTokenSchema } from '@bosun/protocol';

/** Command-line values are checked with the same schemas the manager applies. */
export function parseJoinToken(value: string): string {
  const parsed = JoinTokenSchema.safeParse(value);
  if (!parsed.success)
    throw new Error('the join token is malformed (copy it again from `bosun token create`)');
  return parsed.data;
}

export function parseAgentName(value: string): string {
  const parsed = AgentNameSchema.safeParse(value);
  if (!parsed.success) throw new Error('--name must be 1–64 characters of letters, digits, ".", "_" or "-"');
  return parsed.data;
}
