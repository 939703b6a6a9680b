import { appendFileSync } from 'node:fs';
import { type HeapChange, heapGrowth } from '../faults/fault-figures.ts';

/** What a group of hostile cases came to: how many were sent, and how many the manager refused. */
export type CaseCount = { cases: number; refused: number };

const MiB = 1024 * 1024;

/** Adds up the suite's cases as its groups report them. */
export class HostileTally {
  cases = 0;
  refused = 0;
  readonly #groups: string[] = [];

  add(group: string, count: CaseCount): void {
    this.cases += count.cases;
    this.refused += count.refused;
    this.#groups.push(`${group} ${count.cases}/${count.refused}`);
    console.log(`HOSTILE ${group}: ${count.cases} cases, ${count.refused} refused`);
  }

  /** Each group's cases/refused, for the summary line. */
  groups(): string {
    return this.#groups.join(', ');
  }
}

/** The suite's one line: cases, refusals, crashes and the manager's heap before and after. */
export function hostileLine(tally: HostileTally, crashes: number, heap: HeapChange, seconds: number): string {
  const growth = heapGrowth(heap) * 100;
  const sign = growth >= 0 ? '+' : '−';
  const mib = (bytes: number) => (bytes / MiB).toFixed(1);
  return (
    `HOSTILE cases ${tally.cases} | refused ${tally.refused} | crashes ${crashes} | ` +
    `manager heap ${mib(heap.before.heapBytes)}→${mib(heap.after.heapBytes)} MiB ` +
    `(${sign}${Math.abs(growth).toFixed(1)}%) | ${seconds.toFixed(0)} s | ${tally.groups()}`
  );
}

/** Prints the line, and appends it to the file BOSUN_HOSTILE_FIGURES names, if any. */
export function reportHostile(line: string): void {
  console.log(line);
  const file = process.env.BOSUN_HOSTILE_FIGURES;
  if (file) appendFileSync(file, `${line}\n`);
}
