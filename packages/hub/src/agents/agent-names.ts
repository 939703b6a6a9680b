import { AGENT_NAME_PATTERN } from '@bosun/protocol';
import { AGENT_ID_PREFIX, isAgentIdRef } from './agent-ids.ts';

const MAX_NAME_LENGTH = 64;
const FALLBACK_NAME = 'agent';

/**
 * Makes any string (a hostname, a name an agent proposes) into a valid agent name: characters
 * outside A-Z a-z 0-9 . _ - become "-", runs of "-" collapse, and the result is cut to 64
 * characters. A name that would read as an agent id (`agt_…`, see `isAgentIdRef`) has its
 * underscore turned into "-" (`agt-…`): it is kept recognisable rather than refused, since an
 * agent cannot be asked again for a better one.
 */
export function sanitizeAgentName(raw: string): string {
  const cleaned = tidy(raw);
  // The underscore after `agt` goes, the rest keeps its spelling.
  const named = isAgentIdRef(cleaned)
    ? tidy(`${cleaned.slice(0, AGENT_ID_PREFIX.length - 1)}-${cleaned.slice(AGENT_ID_PREFIX.length)}`)
    : cleaned;
  return AGENT_NAME_PATTERN.test(named) ? named : FALLBACK_NAME;
}

function tidy(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
}

/**
 * `base`, or `base-2`, `base-3`… : the first not in `taken`, still within 64 characters. Names
 * are compared ignoring case (`web` and `WEB` would read as one host), so `taken` holds them
 * lower-cased.
 */
export function uniqueAgentName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
