import { AGENT_NAME_PATTERN } from '@bosun/protocol';

const MAX_NAME_LENGTH = 64;
const FALLBACK_NAME = 'agent';

/**
 * Makes any string (a hostname, a token's label) into a valid agent name: characters outside
 * A-Z a-z 0-9 . _ - become "-", runs of "-" collapse, and the result is cut to 64 characters.
 */
export function sanitizeAgentName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
  return AGENT_NAME_PATTERN.test(cleaned) ? cleaned : FALLBACK_NAME;
}

/** `base`, or `base-2`, `base-3`… : the first not in `taken`, still within 64 characters. */
export function uniqueAgentName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
