import { type AuditFilterQuery, auditListResponseSchema } from '@bosun/protocol';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { queryKeys } from '../../../lib/query-keys.ts';

/** Entries per page of the Audit page; "Load more" asks for the next. */
export const AUDIT_PAGE_SIZE = 100;

/** The filters as a query string, without empty ones. */
export function auditFilterParams(filters: AuditFilterQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  return params;
}

/** Where the export of what the filters match downloads from (NDJSON, every entry). */
export function auditExportUrl(filters: AuditFilterQuery): string {
  const query = auditFilterParams(filters).toString();
  return query === '' ? '/api/audit/export' : `/api/audit/export?${query}`;
}

/** The audit log, newest first, a page at a time (admins only); `fetchNextPage` goes back in time. */
export function useAuditLog(filters: AuditFilterQuery) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.audit, filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => {
      const params = auditFilterParams(filters);
      params.set('limit', String(AUDIT_PAGE_SIZE));
      if (pageParam !== undefined) params.set('before', String(pageParam));
      return api('GET', `/api/audit?${params}`, auditListResponseSchema);
    },
    getNextPageParam: (page) => page.next,
    select: (data) => data.pages.flatMap((page) => page.entries),
  });
}
