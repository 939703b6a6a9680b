import type { z } from 'zod';

/** Who sends a subject to whom; `any` for a subject every side may send (`error`). */
export const DIRECTIONS = [
  'agent->manager',
  'manager->agent',
  'viewer->manager',
  'manager->viewer',
  'any',
] as const;
/** One of `DIRECTIONS`. */
export type Direction = (typeof DIRECTIONS)[number];

/**
 * A subject that asks for an answer: its frames carry a reply inbox, and the answer's result is
 * checked against `result`.
 */
export interface RequestSpec<D extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly direction: Direction;
  readonly data: D;
  readonly result: R;
}

/** A subject sent without a reply inbox and never answered. */
export interface PushSpec<D extends z.ZodType = z.ZodType> {
  readonly kind: 'push';
  readonly direction: Direction;
  readonly data: D;
  readonly result?: undefined;
}

/** A registered subject: a request or a push. */
export type SubjectSpec = RequestSpec | PushSpec;

/** Registers a request subject (see `RequestSpec`). */
export function request<D extends z.ZodType, R extends z.ZodType>(
  direction: Direction,
  data: D,
  result: R,
): RequestSpec<D, R> {
  return { kind: 'request', direction, data, result };
}

/** Registers a push subject (see `PushSpec`). */
export function push<D extends z.ZodType>(direction: Direction, data: D): PushSpec<D> {
  return { kind: 'push', direction, data };
}
