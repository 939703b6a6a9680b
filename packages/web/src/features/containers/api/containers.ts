import { containerListResponseSchema } from '@bosun/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/**
 * All containers of all hosts in one cache, which the fleet event stream keeps current; a
 * host's page filters it, so switching hosts never refetches.
 */
export function useContainers() {
  return useQuery({
    queryKey: queryKeys.containers,
    queryFn: () => api('GET', '/api/containers', containerListResponseSchema),
    select: (data) => data.containers,
  });
}
