import {
  type ContainerGenerationsResponse,
  type ContainerSummary,
  containerIdentity,
  ProtocolError,
} from '@bosun/protocol';
import type { ContainerGenerationRecord, ContainerGenerationStore } from '../ports/store.ts';

/** Which identity to list: by its key, or by a container that held it. */
export type IdentityQuery = { identity: string } | { container: string };

/** What `identityGenerations` reads: the agent's live containers and the generation store. */
export type IdentityGenerationsDeps = {
  store: ContainerGenerationStore;
  /** A container of the agent's cache by id, unique id prefix or name; throws `not_found`. */
  cached(agentId: string, ref: string): ContainerSummary;
  /** Resolves once the generation writes asked for so far have been tried. */
  settled(): Promise<void>;
};

/**
 * An identity's generations on one agent, oldest first. A container reference is looked up among
 * the live containers first (its identity is computed from what Docker says now), then among the
 * stored rows by id, so a removed container still leads to its timeline. Pending writes are
 * waited for, so a container the fleet state just learned of is in the answer.
 */
export async function identityGenerations(
  deps: IdentityGenerationsDeps,
  agentId: string,
  query: IdentityQuery,
): Promise<ContainerGenerationsResponse> {
  await deps.settled();
  const identity = 'identity' in query ? query.identity : await identityOf(deps, agentId, query.container);
  const rows = await deps.store.forIdentity(agentId, identity);
  return { agentId, identity, generations: rows.map(toView) };
}

async function identityOf(deps: IdentityGenerationsDeps, agentId: string, ref: string): Promise<string> {
  try {
    return containerIdentity(deps.cached(agentId, ref)).key;
  } catch (error) {
    if (!(error instanceof ProtocolError) || error.code !== 'not_found') throw error;
    const stored = await deps.store.byContainer(agentId, ref);
    if (stored) return stored.identityKey;
    throw error;
  }
}

function toView(row: ContainerGenerationRecord): ContainerGenerationsResponse['generations'][number] {
  return {
    generation: row.generation,
    containerId: row.containerId,
    name: row.name,
    createdAt: row.createdAt,
    removedAt: row.removedAt,
  };
}
