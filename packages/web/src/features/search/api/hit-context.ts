import { storedLogPageSchema } from '@bosun/protocol';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** Lines shown on each side of an expanded hit. */
export const HIT_CONTEXT_LINES = 3;

/** The stored lines around a hit (`GET /api/stored-logs?aroundSeq=`), fetched once it is expanded. */
export function useHitContext(hit: { agentId: string; containerId: string; seq: number }, open: boolean) {
  return useQuery({
    queryKey: ['hit-context', hit.agentId, hit.containerId, hit.seq],
    queryFn: () => {
      const params = new URLSearchParams({
        agent: hit.agentId,
        container: hit.containerId,
        aroundSeq: String(hit.seq),
        before: String(HIT_CONTEXT_LINES),
        after: String(HIT_CONTEXT_LINES),
      });
      return api('GET', `/api/stored-logs?${params}`, storedLogPageSchema);
    },
    enabled: open,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
