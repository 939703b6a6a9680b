import type { Hub, LogIngestStats, LogStoreStats } from '@bosun/hub';
import type { Logger } from '../ports/logger.ts';

/** The log store's figures and its ingest's, as `/metrics` and `/api/status` show them. */
export type RetentionFigures = { ingest: LogIngestStats; store: LogStoreStats | undefined };

/**
 * The retention figures of a manager that keeps logs, undefined otherwise. A store that cannot
 * be read leaves `store` undefined rather than failing the scrape: the ingest's own counters
 * matter most when the store is in trouble.
 */
export async function retentionFigures(hub: Hub, logger: Logger): Promise<RetentionFigures | undefined> {
  const ingest = hub.ingestStats();
  if (!ingest) return undefined;
  try {
    return { ingest, store: await hub.logStoreStats() };
  } catch (error) {
    logger.warn({ err: String(error) }, 'could not read the log store figures');
    return { ingest, store: undefined };
  }
}
