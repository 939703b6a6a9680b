import { describeStatus, rfc3339Schema } from '@bosun/protocol';
import { z } from 'zod';
import type { ContainerRow } from '../client/api-schemas.ts';

// The row schema keeps fields it does not name without checking them, and an older agent sends
// no run times at all: each is read on its own, and a malformed one counts as absent.
const runTimesSchema = z.object({
  startedAt: rfc3339Schema.optional().catch(undefined),
  finishedAt: rfc3339Schema.optional().catch(undefined),
  exitCode: z.int().optional().catch(undefined),
});

/** The STATUS cell: Docker's words aged to `nowMs`, or the agent's text when times are missing. */
export function liveStatus(row: ContainerRow, nowMs: number): string {
  const times = runTimesSchema.parse(row);
  return describeStatus(
    { state: String(row.state), status: row.status, health: row.health, ...times },
    nowMs,
  );
}
