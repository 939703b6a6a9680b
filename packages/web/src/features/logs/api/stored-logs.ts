import { type StoredLogPage, type StoredLogsQuery, storedLogPageSchema } from '@bosun/protocol';
import { api } from '../../../lib/api-client.ts';

/** One page of a container's stored lines (`GET /api/stored-logs`), oldest first. */
export function fetchStoredLogs(query: StoredLogsQuery): Promise<StoredLogPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return api('GET', `/api/stored-logs?${params}`, storedLogPageSchema);
}
