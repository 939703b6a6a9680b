import type { Watched } from './fault-viewer.ts';

/** How one client's copy of a container's log compares with what Docker holds. */
export type Delivery = {
  /** Lines Docker holds, each looked for in the client's copy. */
  checked: number;
  /** Lines that never came, inside a range the manager said was lost. */
  lostWithGap: number;
  /** Lines that never came, with nothing saying they were lost. */
  lostWithoutGap: number;
  /** Arrivals of a line already received. */
  repeated: number;
  /** First arrivals of a line after a line that Docker holds later. */
  outOfOrder: number;
  /** Lines received that Docker does not hold. */
  foreign: number;
  /** Gap markers received. */
  gaps: number;
  /** Lines whose seq disagrees with their place in Docker's log (numbering drifted). */
  misnumbered: number;
  /** Lines received although a gap the client got said they were lost (a gap that overstates). */
  namedButReceived: number;
};

/**
 * Compares what a viewer received with the lines Docker holds (`expected`, in Docker's order,
 * each text unique). A line's seq is its place in the stream, so the first line received fixes
 * where Docker's first line sits, and a line never received counts as lost with a gap only when a
 * gap the viewer got names its seq.
 */
export function checkViewer(expected: readonly string[], watched: Watched): Delivery {
  const index = indexOf(expected);
  const counts = new Uint32Array(expected.length);
  const delivery = emptyDelivery(expected.length, watched.gaps.length);
  let base: number | undefined;
  let furthest = -1;
  for (const line of watched.lines) {
    const at = index.get(line.text);
    if (at === undefined) {
      delivery.foreign += 1;
      continue;
    }
    base ??= line.seq - at;
    if (line.seq - at !== base) delivery.misnumbered += 1;
    if (watched.gaps.some((gap) => gap.fromSeq <= line.seq && line.seq <= gap.toSeq))
      delivery.namedButReceived += 1;
    counts[at] = (counts[at] ?? 0) + 1;
    if (counts[at] > 1) {
      delivery.repeated += 1;
      continue;
    }
    if (at < furthest) delivery.outOfOrder += 1;
    furthest = Math.max(furthest, at);
  }
  counts.forEach((count, at) => {
    if (count > 0) return;
    const seq = at + (base ?? 0);
    const named = watched.gaps.some((gap) => gap.fromSeq <= seq && seq <= gap.toSeq);
    if (named) delivery.lostWithGap += 1;
    else delivery.lostWithoutGap += 1;
  });
  return delivery;
}

/** Compares lines a CLI printed (no seqs, no gap markers on stdout) with the lines Docker holds. */
export function checkPrinted(expected: readonly string[], printed: readonly string[]): Delivery {
  const index = indexOf(expected);
  const counts = new Uint32Array(expected.length);
  const delivery = emptyDelivery(expected.length, 0);
  let furthest = -1;
  for (const text of printed) {
    const at = index.get(text);
    if (at === undefined) {
      delivery.foreign += 1;
      continue;
    }
    counts[at] = (counts[at] ?? 0) + 1;
    if (counts[at] > 1) {
      delivery.repeated += 1;
      continue;
    }
    if (at < furthest) delivery.outOfOrder += 1;
    furthest = Math.max(furthest, at);
  }
  delivery.lostWithoutGap = counts.filter((count) => count === 0).length;
  return delivery;
}

/** The deliveries of several clients added up. */
export function sumDeliveries(deliveries: readonly Delivery[]): Delivery {
  const total = emptyDelivery(0, 0);
  for (const d of deliveries) {
    for (const key of Object.keys(total) as (keyof Delivery)[]) total[key] += d[key];
  }
  return total;
}

/** The lines of a text as `docker logs` prints them, without the newline after the last. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function indexOf(expected: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  expected.forEach((text, at) => {
    if (index.has(text))
      throw new Error(`the container wrote ${JSON.stringify(text)} twice: lines must be unique`);
    index.set(text, at);
  });
  return index;
}

function emptyDelivery(checked: number, gaps: number): Delivery {
  return {
    checked,
    lostWithGap: 0,
    lostWithoutGap: 0,
    repeated: 0,
    outOfOrder: 0,
    foreign: 0,
    gaps,
    misnumbered: 0,
    namedButReceived: 0,
  };
}
