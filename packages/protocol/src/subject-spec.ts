import type { z } from 'zod';

export const DIRECTIONS = [
  'agent->manager',
  'manager->agent',
  'viewer->manager',
  'manager->viewer',
  'any',
] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface RequestSpec<D extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly direction: Direction;
  readonly data: D;
  readonly result: R;
}

export interface PushSpec<D extends z.ZodType = z.ZodType> {
  readonly kind: 'push';
  readonly direction: Direction;
  readonly data: D;
  readonly result?: undefined;
}

export type SubjectSpec = RequestSpec | PushSpec;

export function request<D extends z.ZodType, R extends z.ZodType>(
  direction: Direction,
  data: D,
  result: R,
): RequestSpec<D, R> {
  return { kind: 'request', direction, data, result };
}

export function push<D extends z.ZodType>(direction: Direction, data: D): PushSpec<D> {
  return { kind: 'push', direction, data };
}
