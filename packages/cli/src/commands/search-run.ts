import { MAX_SEARCH_HITS, searchResponseSchema } from '@bosun/protocol';
import { ManagerClient } from '../client/http-client.ts';
import { formatCounts, formatHit, searchNotes } from '../client/search-output.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { parseHost, parseTarget } from '../client/target.ts';
import { UsageError } from '../exit-codes.ts';

/** The options of `bosun search`, as Commander parsed them. */
export type SearchOptions = ConnectionOptions & {
  regex?: boolean;
  caseSensitive?: boolean;
  since: string;
  until?: string;
  host?: string[];
  stream?: 'stdout' | 'stderr';
  level?: string[];
  limit: string;
  verbose?: boolean;
  format: 'text' | 'json';
};

/** The `/api/search` path for a query, its targets (`HOST` or `HOST/CONTAINER`) and options. */
export function searchPath(query: string, targets: readonly string[], options: SearchOptions): string {
  const limit = /^\d{1,4}$/.test(options.limit) ? Number(options.limit) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_SEARCH_HITS)) {
    throw new UsageError(
      `-n ${JSON.stringify(options.limit)}: expected a number from 1 to ${MAX_SEARCH_HITS}`,
    );
  }
  const hosts = new Set((options.host ?? []).map(parseHost));
  const containers = new Set<string>();
  for (const target of targets) {
    if (target.includes('/') && !target.includes('#')) {
      const { host, container } = parseTarget(target);
      hosts.add(host);
      containers.add(container);
    } else if (target.includes('#')) {
      // An identity key (`shop/web#1`) names the container on whichever host holds it.
      containers.add(target);
    } else {
      hosts.add(parseHost(target));
    }
  }
  const params = new URLSearchParams({ q: query, since: options.since, limit: String(limit) });
  if (options.until !== undefined) params.set('until', options.until);
  if (options.regex) params.set('regex', 'true');
  if (options.caseSensitive) params.set('caseSensitive', 'true');
  if (hosts.size > 0) params.set('hosts', [...hosts].join(','));
  if (containers.size > 0) params.set('containers', [...containers].join(','));
  if (options.stream !== undefined) params.set('streams', options.stream);
  if (options.level !== undefined) params.set('levels', options.level.join(','));
  return `/api/search?${params}`;
}

/**
 * What `bosun search` does, loaded only when it runs: one search, its hits oldest first like a
 * log (the manager answers the newest), notes and `-v` counts on stderr.
 */
export async function runSearch(query: string, targets: string[], options: SearchOptions): Promise<void> {
  const path = searchPath(query, targets, options);
  const { manager, token } = await loadConnection(options);
  const client = new ManagerClient(manager, { token });
  const answer = await client.json(path, searchResponseSchema);
  const hits = answer.hits.toReversed();
  if (options.format === 'json') {
    process.stdout.write(hits.map((hit) => `${JSON.stringify(hit)}\n`).join(''));
  } else {
    process.stdout.write(Buffer.concat(hits.flatMap(formatHit)));
  }
  const notes = searchNotes(answer, Number(options.limit));
  if (options.verbose) notes.unshift(...formatCounts(answer));
  if (notes.length > 0) process.stderr.write(`${notes.join('\n')}\n`);
}
