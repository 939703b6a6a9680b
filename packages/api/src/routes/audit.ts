import type { AuditRecord } from '@bosun/hub';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readQuery } from '../http/request-input.ts';

const MAX_LIMIT = 1000;

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
  // The id of the oldest entry of the previous page: pages go back in time.
  before: z.coerce.number().int().min(1).optional(),
});

export type AuditEntryView = Omit<AuditRecord, 'detail'> & { detail: unknown };

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail);
  } catch {
    return detail;
  }
}

/** GET /api/audit (admins): newest first. */
export function auditRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/audit', authenticated(deps), requireRole(deps, 'admin', 'audit.list'), async (c) => {
    const query = readQuery(c, querySchema);
    const records = await deps.store.audit.list({
      limit: query.limit,
      ...(query.before === undefined ? {} : { beforeId: query.before }),
    });
    const entries: AuditEntryView[] = records.map((record) => ({
      ...record,
      detail: parseDetail(record.detail),
    }));
    return c.json({ entries });
  });
  return app;
}
