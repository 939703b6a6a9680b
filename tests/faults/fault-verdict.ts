import { expect } from 'vitest';
import type { Delivery } from './delivery-check.ts';
import type { BedHeaps, FaultBed } from './fault-bed.ts';
import { type FaultFigures, HEAP_TOLERANCE, heapGrowth, reportFault } from './fault-figures.ts';

/**
 * Measures both processes against their baseline, prints the fault's figure line, and asserts
 * what every fault must keep: nothing lost without a gap marker, nothing repeated, nothing out
 * of order or unknown, no gap at all unless a viewer stalled by design, and both heaps back
 * within the tolerance.
 */
export async function judgeFault(
  bed: FaultBed,
  name: string,
  baseline: BedHeaps,
  delivery: Delivery,
  options: { stalledByDesign?: boolean; note?: string } = {},
): Promise<FaultFigures> {
  const memory = await bed.heapsAfter(baseline);
  const figures: FaultFigures = {
    name,
    delivery,
    ...memory,
    ...(options.note ? { note: options.note } : {}),
  };
  reportFault(figures);
  expect(delivery.checked).toBeGreaterThan(0);
  expect({
    lostWithoutGap: delivery.lostWithoutGap,
    repeated: delivery.repeated,
    outOfOrder: delivery.outOfOrder,
    foreign: delivery.foreign,
    misnumbered: delivery.misnumbered,
    namedButReceived: delivery.namedButReceived,
  }).toEqual({
    lostWithoutGap: 0,
    repeated: 0,
    outOfOrder: 0,
    foreign: 0,
    misnumbered: 0,
    namedButReceived: 0,
  });
  // Only a viewer that stopped reading on purpose may be told it missed lines.
  if (!options.stalledByDesign)
    expect({ gaps: delivery.gaps, lostWithGap: delivery.lostWithGap }).toEqual({ gaps: 0, lostWithGap: 0 });
  expect(heapGrowth(memory.manager), 'manager heap growth').toBeLessThanOrEqual(HEAP_TOLERANCE);
  expect(heapGrowth(memory.agent), 'agent heap growth').toBeLessThanOrEqual(HEAP_TOLERANCE);
  return figures;
}
