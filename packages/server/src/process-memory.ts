import { setFlagsFromString } from 'node:v8';

const MiB = 2 ** 20;

/** `--memory-budget` when none is given: the whole manager process, sized for a small machine. */
export const DEFAULT_PROCESS_MEMORY_BUDGET_BYTES = 512 * MiB;

/**
 * What the manager holds before any log traffic: code, the heap of an idle manager, SQLite's
 * cache. Measured: 136 MiB resident for `bosun manager` with 20 agents online and no stream
 * (bench, stalled-viewers, "RSS before any stream"); the rest is margin.
 */
export const PROCESS_RESERVE_BYTES = 160 * MiB;

/**
 * Resident bytes per byte the hub's budget counts. The hub counts line text plus a measured
 * per-entry overhead and viewer sockets' unsent bytes; the process also holds V8's garbage
 * between full collections (up to `HEAP_GROWING_PERCENT` above the live heap), the strings and
 * objects of frames on their way in and out, per-socket state and allocator slack. Measured in
 * the stalled-viewers bench: 135 MiB counted, 347 MiB resident above the idle footprint (2.6).
 */
export const RESIDENT_PER_COUNTED_BYTE = 2.75;

/** The least `--memory-budget`: the reserve plus a 32 MiB log-traffic budget. */
export const MIN_PROCESS_MEMORY_BUDGET_BYTES = 256 * MiB;

/** The hub's budget for log traffic (`memoryBudgetBytes`) within a budget for the whole process. */
export function logTrafficBudget(processBudgetBytes: number): number {
  return Math.floor((processBudgetBytes - PROCESS_RESERVE_BYTES) / RESIDENT_PER_COUNTED_BYTE);
}

/**
 * How far V8 lets its heap grow past what the last full collection kept, in percent. By default
 * V8 grows it up to 4x when the program allocates fast, which the manager always does under
 * load: every ring entry lives seconds, survives the young generation and dies old. With
 * 20,000 lines/s and 1,000 stalled viewers that let RSS reach 752 MiB for 135 MiB counted; at
 * 25 % it stayed at 483 MiB with the active viewers' p99 unchanged (13.7 ms), for more frequent
 * full collections (0.50 against 0.47 cores). V8 reads this at each collection, so it can be set
 * after start, unlike the heap's size limits.
 */
export const HEAP_GROWING_PERCENT = 25;

/** Applies `HEAP_GROWING_PERCENT` to this process: `bosun manager` calls it before it starts. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
