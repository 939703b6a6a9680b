import { AGENT_NAME_PATTERN, CONTAINER_REF_PATTERN } from '@bosun/protocol';
import type { SourceKey } from './log-types.ts';

/** A source key's two halves, as `logs.subscribe` takes them. */
export type SourceTarget = { agent: string; container: string };

/**
 * Splits `"<agent>/<container>"` at the first slash and checks both halves with the protocol's
 * own patterns, so a typo is reported here instead of as a rejected request.
 */
export function parseSourceKey(source: SourceKey): SourceTarget | { error: string } {
  const slash = source.indexOf('/');
  if (slash < 0) return { error: `"${source}" is not <host>/<container>` };
  const agent = source.slice(0, slash);
  const container = source.slice(slash + 1);
  if (!AGENT_NAME_PATTERN.test(agent)) return { error: `"${agent}" is not a valid host name` };
  if (!CONTAINER_REF_PATTERN.test(container))
    return { error: `"${container}" is not a valid container name or id` };
  return { agent, container };
}

/** The source key of a container on an agent: `"<agent>/<container>"`. */
export function sourceKeyOf(agent: string, container: string): SourceKey {
  return `${agent}/${container}`;
}
