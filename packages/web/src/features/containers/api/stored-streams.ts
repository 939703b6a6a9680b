import { storedStreamListResponseSchema } from '@bosun/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * The streams the manager's log store holds (`GET /api/stored-streams`), removed containers
 * included. Not pushed by the fleet event stream, so asked again each minute and on focus.
 */
export function useStoredStreams() {
  return useQuery({
    queryKey: ['stored-streams'],
    queryFn: () => api('GET', '/api/stored-streams', storedStreamListResponseSchema),
    select: (data) => data.streams,
    refetchInterval: 60_000,
  });
}
