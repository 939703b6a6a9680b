import { type ContainerGenerationsResponse, containerGenerationsResponseSchema } from '@bosun/protocol';
import { api } from '../../../lib/api-client.ts';

/** The identity a container held on `agent` (by id or name), with every container that held it. */
export function fetchGenerations(agent: string, containerId: string): Promise<ContainerGenerationsResponse> {
  const query = new URLSearchParams({ container: containerId });
  return api(
    'GET',
    `/api/agents/${encodeURIComponent(agent)}/generations?${query}`,
    containerGenerationsResponseSchema,
  );
}
