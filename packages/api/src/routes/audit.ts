import { type AuditEntryView, type AuditListResponse, auditQuerySchema } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readQuery } from '../http/request-input.ts';

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
    const query = readQuery(c, auditQuerySchema);
    const records = await deps.store.audit.list({
      limit: query.limit,
      ...(query.before === undefined ? {} : { beforeId: query.before }),
    });
    const entries: AuditEntryView[] = records.map((record) => ({
      ...record,
      detail: parseDetail(record.detail),
    }));
    return c.json({ entries } satisfies AuditListResponse);
  });
  return app;
}
