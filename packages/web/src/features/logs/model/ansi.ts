import Anser from 'anser';

/** A run of text in one style, as the ANSI escapes of a line set it. */
export type AnsiSegment = {
  text: string;
  /** CSS colours, e.g. `rgb(187, 0, 0)`, ready for a React `style`. */
  fg?: string;
  /** Background, in the same form as `fg`. */
  bg?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  dim?: boolean;
};

const ESC = '\x1b';

// anser only understands CSI ("ESC ["): OSC sequences (titles, ESC ] 8 hyperlinks) and
// two-byte escapes such as charset switches (ESC ( B) would otherwise reach the screen as
// garbage. They carry nothing we render, so they go before anser sees the text; CSI is left
// alone ('[' and ']' are not in the final-byte class). A lone trailing ESC goes as well.
const NON_CSI = /\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x20-\x2f]*[\x30-\x5a\x5c\x5e-\x7e]|$)/g;

function withoutNonCsi(text: string): string {
  return text.replace(NON_CSI, '');
}

/** The text without escape sequences: what search, levels and downloads see. */
export function stripAnsi(text: string): string {
  if (!text.includes(ESC)) return text;
  return Anser.ansiToText(withoutNonCsi(text));
}

function rgb(colour: string | null): string | undefined {
  return colour ? `rgb(${colour})` : undefined;
}

/**
 * Styled runs for rendering. Joined, their texts equal `stripAnsi(text)`, so search ranges
 * computed on the plain text map onto the runs by offset (see highlightSegments).
 */
export function ansiSegments(text: string): AnsiSegment[] {
  if (!text.includes(ESC)) return [{ text }];
  const segments: AnsiSegment[] = [];
  for (const chunk of Anser.ansiToJson(withoutNonCsi(text), { remove_empty: true })) {
    const segment: AnsiSegment = { text: chunk.content };
    const fg = rgb(chunk.fg);
    const bg = rgb(chunk.bg);
    if (fg) segment.fg = fg;
    if (bg) segment.bg = bg;
    for (const decoration of chunk.decorations) {
      if (
        decoration === 'bold' ||
        decoration === 'italic' ||
        decoration === 'underline' ||
        decoration === 'dim'
      ) {
        segment[decoration] = true;
      }
    }
    segments.push(segment);
  }
  return segments.length > 0 ? segments : [{ text: '' }];
}

/** A styled run that lies wholly inside (`match`) or outside a search range. */
export type HighlightedSegment = AnsiSegment & { match: boolean };

/**
 * Cuts styled runs at the edges of search ranges (offsets into the plain text, sorted and not
 * overlapping, as a LineMatcher's `ranges` returns them) so the UI can mark matches without losing colour.
 */
export function highlightSegments(
  segments: readonly AnsiSegment[],
  ranges: ReadonlyArray<readonly [number, number]>,
): HighlightedSegment[] {
  if (ranges.length === 0) return segments.map((segment) => ({ ...segment, match: false }));
  const out: HighlightedSegment[] = [];
  let offset = 0;
  let r = 0;
  for (const segment of segments) {
    const end = offset + segment.text.length;
    let at = offset;
    while (at < end) {
      while (r < ranges.length && (ranges[r] as readonly [number, number])[1] <= at) r++;
      const range = ranges[r];
      let cut: number;
      let match: boolean;
      if (range === undefined || range[0] >= end) {
        cut = end;
        match = false;
      } else if (range[0] > at) {
        cut = range[0];
        match = false;
      } else {
        cut = Math.min(range[1], end);
        match = true;
      }
      out.push({ ...segment, text: segment.text.slice(at - offset, cut - offset), match });
      at = cut;
    }
    offset = end;
  }
  return out;
}
