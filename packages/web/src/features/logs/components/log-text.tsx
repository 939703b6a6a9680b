import type { CSSProperties, ReactNode } from 'react';
import {
  type AnsiSegment,
  ansiSegments,
  type Highlighter,
  highlightSegments,
  parseJsonLine,
  summarizeJson,
  type ViewLine,
} from '../model/index.ts';

/**
 * A line's text with its ANSI colours and the search matches marked; a JSON line as its message
 * and key=value fields. Only visible rows render, so this per-row work is bounded by the screen.
 */
export function LogText({ line, highlight }: { line: ViewLine; highlight: Highlighter }) {
  const json = line.json ? parseJsonLine(line.plain) : null;
  if (json) {
    const { message, fields } = summarizeJson(json);
    return (
      <>
        {message !== null && <span className="log-json-msg">{styled(message, highlight)} </span>}
        {fields.map(([key, value]) => (
          <span key={key}>
            <span className="log-json-key">{key}=</span>
            {styled(value, highlight)}{' '}
          </span>
        ))}
      </>
    );
  }
  return styled(line.text, highlight, line.plain);
}

function styled(text: string, highlight: Highlighter, plain = text): ReactNode {
  const segments = highlightSegments(ansiSegments(text), highlight?.(plain) ?? []);
  // Segments never reorder within a row, so their position is a stable key.
  return segments.map((segment, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    <span key={i} style={styleOf(segment)}>
      {segment.match ? <mark>{segment.text}</mark> : segment.text}
    </span>
  ));
}

function styleOf(segment: AnsiSegment): CSSProperties | undefined {
  if (!segment.fg && !segment.bg && !segment.bold && !segment.italic && !segment.underline && !segment.dim) {
    return undefined;
  }
  const style: CSSProperties = {};
  if (segment.fg) style.color = segment.fg;
  if (segment.bg) style.backgroundColor = segment.bg;
  if (segment.bold) style.fontWeight = 700;
  if (segment.italic) style.fontStyle = 'italic';
  if (segment.underline) style.textDecoration = 'underline';
  if (segment.dim) style.opacity = 0.7;
  return style;
}
