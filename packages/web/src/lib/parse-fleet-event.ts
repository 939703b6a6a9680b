import { type FleetEvent, fleetEventSchema } from '@bosun/protocol';

/**
 * One `data:` field of `GET /api/events` as a fleet event, or undefined with a console warning.
 * An event this UI cannot read (a newer manager's, or a broken one) is left out: the caches stay
 * as they were until the next list read, which is better than a page that stops working.
 */
export function parseFleetEvent(data: string): FleetEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    console.warn('bosun: a fleet event that is not JSON was ignored');
    return undefined;
  }
  const event = fleetEventSchema.safeParse(value);
  if (event.success) return event.data;
  const issue = event.error.issues[0];
  console.warn(
    `bosun: a fleet event was ignored (${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'})`,
  );
  return undefined;
}
