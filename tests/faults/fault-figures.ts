import { appendFileSync } from 'node:fs';
import type { HeapFigures } from '../kit/heap-probe.ts';
import type { Delivery } from './delivery-check.ts';

/** A process's heap and RSS before a fault (after warm-up) and once it is over. */
export type HeapChange = { before: HeapFigures; after: HeapFigures };

/** What one fault came to: every client's delivery added up, and both processes' memory. */
export type FaultFigures = {
  name: string;
  delivery: Delivery;
  manager: HeapChange;
  agent: HeapChange;
  /** What else this fault measured, appended to its line. */
  note?: string;
};

/** How far the heap may end above its baseline: more is taken for a leak. */
export const HEAP_TOLERANCE = 0.1;

const MiB = 1024 * 1024;

/** The heap's change as a fraction of its baseline (0.05 is 5 % more). */
export function heapGrowth(change: HeapChange): number {
  return change.after.heapBytes / change.before.heapBytes - 1;
}

/** Whether the heap came back to within `HEAP_TOLERANCE` above its baseline. */
export function heapReturned(change: HeapChange): boolean {
  return heapGrowth(change) <= HEAP_TOLERANCE;
}

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}

function memory(change: HeapChange): string {
  const growth = heapGrowth(change) * 100;
  const sign = growth >= 0 ? '+' : '−';
  return (
    `heap ${mib(change.before.heapBytes)}→${mib(change.after.heapBytes)} MiB (${sign}${Math.abs(growth).toFixed(1)}%) ` +
    `rss ${mib(change.before.rssBytes)}→${mib(change.after.rssBytes)} MiB`
  );
}

/** The one line a fault reports. */
export function figureLine(figures: FaultFigures): string {
  const { name, delivery: d } = figures;
  return (
    `FAULT ${name} | lines checked ${d.checked} | lost without gap ${d.lostWithoutGap} | ` +
    `repeated ${d.repeated} | gaps ${d.gaps} | manager ${memory(figures.manager)} | agent ${memory(figures.agent)}` +
    (figures.note ? ` | ${figures.note}` : '')
  );
}

/** Prints the fault's line, and appends it to the file BOSUN_FAULT_FIGURES names, if any. */
export function reportFault(figures: FaultFigures): void {
  const line = figureLine(figures);
  console.log(line);
  const file = process.env.BOSUN_FAULT_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
