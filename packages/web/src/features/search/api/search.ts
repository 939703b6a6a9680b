import { type SearchQuery, searchResponseSchema } from '@bosun/protocol';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * `GET /api/search` for a query (null: nothing asked, nothing fetched). A search is a snapshot
 * of the store: it is not refetched on focus, only when the query changes or the user asks.
 */
export function useSearch(query: SearchQuery | null) {
  return useQuery({
    queryKey: ['search', query],
    queryFn: () => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query ?? {})) {
        if (value !== undefined) params.set(key, String(value));
      }
      return api('GET', `/api/search?${params}`, searchResponseSchema);
    },
    enabled: query !== null,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
