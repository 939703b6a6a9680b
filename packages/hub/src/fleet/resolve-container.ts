import { type ContainerSummary, ProtocolError } from '@bosun/protocol';

/** Shorter prefixes match too much to be what anyone meant. */
export const MIN_ID_PREFIX = 4;

/**
 * Finds a container by full id, exact name, or unique id prefix of at least 4 characters, in
 * that order: a name that happens to look like a hex prefix still means that container.
 */
export function resolveContainer(containers: Iterable<ContainerSummary>, ref: string): ContainerSummary {
  const prefixMatches: ContainerSummary[] = [];
  let byName: ContainerSummary | undefined;
  const lowered = ref.toLowerCase();
  for (const container of containers) {
    if (container.id === ref) return container;
    if (container.name === ref) byName = container;
    else if (ref.length >= MIN_ID_PREFIX && container.id.startsWith(lowered)) prefixMatches.push(container);
  }
  if (byName) return byName;
  const [only, ...others] = prefixMatches;
  if (only && others.length === 0) return only;
  if (only) {
    throw new ProtocolError(
      'conflict',
      `"${ref}" matches ${prefixMatches.length} containers; use more of the id`,
      {
        details: { matches: prefixMatches.slice(0, 10).map((c) => ({ id: c.id, name: c.name })) },
      },
    );
  }
  throw containerNotFound(ref);
}

/** The refusal for a reference no container matches. */
export function containerNotFound(ref: string): ProtocolError {
  return new ProtocolError('not_found', `no container "${ref}"`);
}
