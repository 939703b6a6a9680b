import type { SourceKey, ViewEntry } from './log-types.ts';

/** What a download adds to each line: its raw Docker timestamp, its `[source]`. */
export type DownloadOptions = { timestamps: boolean; sourcePrefix: boolean };

/**
 * What the user sees, as text: one line per log line (ANSI stripped, raw Docker timestamp first
 * when asked, `[source]` when several sources are merged) and `--- text ---` per marker. Every
 * line ends with a newline, partial ones too: merged sources would otherwise run into each other.
 */
export function formatForDownload(items: readonly ViewEntry[], options: DownloadOptions): string {
  const out: string[] = new Array(items.length + 1);
  for (let i = 0; i < items.length; i++) {
    const entry = items[i] as ViewEntry;
    if (entry.kind !== 'line') {
      out[i] = `--- ${entry.text} ---`;
      continue;
    }
    let text = entry.plain;
    if (options.sourcePrefix) text = `[${entry.source}] ${text}`;
    if (options.timestamps) text = `${entry.ts} ${text}`;
    out[i] = text;
  }
  out[items.length] = '';
  return items.length === 0 ? '' : out.join('\n');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

// Container names are Docker-safe already, but the file name must be safe on every OS.
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'logs';
}

/**
 * `bosun-<container>-<local time>.log` for one source, `bosun-merged-…` for several; the time
 * without colons, which Windows refuses in file names.
 */
export function downloadFileName(sources: readonly SourceKey[], now: Date): string {
  let name = 'merged';
  if (sources.length === 1) {
    const source = sources[0] as SourceKey;
    const slash = source.indexOf('/');
    name = safe(slash < 0 ? source : source.slice(slash + 1));
  }
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  return `bosun-${name}-${date}T${time}.log`;
}
