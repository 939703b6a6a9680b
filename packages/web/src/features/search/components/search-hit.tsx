import type { SearchHit } from '@bosun/protocol';
import type { PatternResult } from '@bosun/protocol/safe-pattern';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useHitContext } from '../api/hit-context.ts';
import { viewerLinkOf } from '../model/search-url.ts';

type Props = { hit: SearchHit; pattern: PatternResult | null };

// A base64 line (not UTF-8) shows as its decoded text, as the viewer shows it.
function lineText(line: { text: string; encoding?: string | undefined }): string {
  if (line.encoding !== 'base64') return line.text;
  try {
    const binary = atob(line.text);
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return line.text;
  }
}

function Highlighted({ text, pattern }: { text: string; pattern: Props['pattern'] }) {
  if (!pattern?.ok || pattern.matcher.empty) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of pattern.matcher.ranges(text)) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * One hit: host, container, time and stream, the line with its match marked, a link that opens
 * the viewer at it, and the lines around it on demand.
 */
export function SearchHitItem({ hit, pattern }: Props) {
  const [open, setOpen] = useState(false);
  const context = useHitContext(
    { agentId: hit.agentId, containerId: hit.containerId, seq: hit.line.seq },
    open,
  );
  const text = lineText(hit.line);
  return (
    <li className="search-hit" data-host={hit.hostName} data-container={hit.containerName}>
      <div className="search-hit-head">
        <strong>
          {hit.hostName}/{hit.containerName}
        </strong>
        <time dateTime={hit.line.ts} className="mono small">
          {hit.line.ts}
        </time>
        <span className="muted small">{hit.line.stream}</span>
        <Link to={viewerLinkOf(hit)} aria-label={`Open ${hit.hostName}/${hit.containerName} at this line`}>
          Open in viewer
        </Link>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide context' : 'Show context'}
        </button>
      </div>
      {open ? (
        <section className="search-context" aria-label="Lines around the hit">
          {context.isPending && 'Loading…'}
          {context.error && `Cannot load the lines around it: ${context.error.message}`}
          {context.data?.entries.map((entry) =>
            entry.kind === 'line' ? (
              <div key={entry.seq} className={entry.seq === hit.line.seq ? 'is-hit' : undefined}>
                {lineText(entry)}
              </div>
            ) : null,
          )}
        </section>
      ) : (
        <pre className="search-hit-line">
          <Highlighted text={text} pattern={pattern} />
        </pre>
      )}
    </li>
  );
}
