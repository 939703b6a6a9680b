import { UsageError } from '../../exit-codes.ts';

/**
 * One `bosun logs` target as a matcher: `HOST/CONTAINER` where either part may hold the globs
 * `*` (any run of characters) and `?` (one character), or a bare `CONTAINER` meaning that name on
 * any host. `pattern` is false only for a plain `HOST/CONTAINER`, the one form that names a single
 * container and keeps `docker logs` output.
 */
export type TargetPattern = {
  /** The target as typed, for messages. */
  text: string;
  host: RegExp;
  container: RegExp;
  /** The container part when it holds no glob: it may also be the container's id or id prefix. */
  idPrefix: string | undefined;
  pattern: boolean;
};

/** A container as the manager lists it, as far as matching needs. */
export type MatchableContainer = { agentName: string; id: string; name: string };

const GLOB = /[*?]/;
// What a host or container name may hold, plus the two globs: anything else is a typo.
const PART = /^[A-Za-z0-9_.*?-]{1,128}$/;
const EXAMPLES = "e.g. db-1/web, 'web-*' or '*/worker'";

/** Reads one target; a malformed one is a usage error before anything is asked of the manager. */
export function parseTargetPattern(text: string): TargetPattern {
  const parts = text.split('/');
  if (parts.length > 2)
    throw new UsageError(`expected HOST/CONTAINER or CONTAINER, ${EXAMPLES}; got ${JSON.stringify(text)}`);
  const [host, container] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : ['*', parts[0] ?? ''];
  if (host === '') throw new UsageError(`the host is missing in ${JSON.stringify(text)} (${EXAMPLES})`);
  if (container === '')
    throw new UsageError(`the container is missing in ${JSON.stringify(text)} (${EXAMPLES})`);
  for (const part of [host, container]) {
    if (!PART.test(part)) {
      throw new UsageError(
        `${JSON.stringify(part)} in ${JSON.stringify(text)} is not a name or pattern: A-Z a-z 0-9 . _ - and the globs * ?`,
      );
    }
  }
  const pattern = parts.length === 1 || GLOB.test(host) || GLOB.test(container);
  return {
    text,
    host: globToRegExp(host),
    container: globToRegExp(container),
    idPrefix: GLOB.test(container) ? undefined : container,
    pattern,
  };
}

/** True when `container` on its host is one `target` names. */
export function matchesTarget(target: TargetPattern, container: MatchableContainer): boolean {
  if (!target.host.test(container.agentName)) return false;
  if (target.container.test(container.name)) return true;
  return target.idPrefix !== undefined && container.id.startsWith(target.idPrefix);
}

/** The containers any of `targets` names, each once, in the order the list gave them. */
export function matchContainers<T extends MatchableContainer>(
  targets: readonly TargetPattern[],
  containers: readonly T[],
): T[] {
  return containers.filter((container) => targets.some((target) => matchesTarget(target, container)));
}

// Whole-name matches only: `web-*` must not match `my-web-1`.
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.\\^$+{}()|[\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
