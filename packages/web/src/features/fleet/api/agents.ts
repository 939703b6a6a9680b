import { agentListResponseSchema } from '@bosun/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** Every host the manager knows, online or not; kept current by the fleet event stream. */
export function useAgents() {
  return useQuery({
    queryKey: queryKeys.agents,
    queryFn: () => api('GET', '/api/agents', agentListResponseSchema),
    select: (data) => [...data.agents].sort((a, b) => a.name.localeCompare(b.name)),
  });
}
