import type { AuditListQuery, AuditRecord } from '@bosun/hub';
import {
  type AuditEntryView,
  type AuditListResponse,
  auditFilterQuerySchema,
  auditQuerySchema,
  MAX_AUDIT_PAGE,
} from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { auditListFilters } from '../http/audit-filters.ts';
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

function entryView(record: AuditRecord): AuditEntryView {
  return { ...record, detail: parseDetail(record.detail) };
}

/**
 * GET /api/audit (admins): one page, newest first, filtered; GET /api/audit/export (admins):
 * every matching entry as NDJSON, read from the store a page at a time as the client takes them.
 */
export function auditRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, clock, streams } = deps;

  app.get('/api/audit', authenticated(deps), requireRole(deps, 'admin', 'audit.list'), async (c) => {
    const query = readQuery(c, auditQuerySchema);
    const records = await store.audit.list({
      ...auditListFilters(query, clock.now()),
      limit: query.limit,
      ...(query.before === undefined ? {} : { beforeId: query.before }),
    });
    const entries = records.map(entryView);
    const oldest = records.at(-1);
    const next = records.length === query.limit && oldest ? { next: oldest.id } : {};
    return c.json({ entries, ...next } satisfies AuditListResponse);
  });

  app.get('/api/audit/export', authenticated(deps), requireRole(deps, 'admin', 'audit.export'), async (c) => {
    const filters: Omit<AuditListQuery, 'limit'> = auditListFilters(
      readQuery(c, auditFilterQuerySchema),
      clock.now(),
    );
    const encoder = new TextEncoder();
    let beforeId: number | undefined;
    let unregister = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        unregister = streams.add(() => {
          try {
            controller.close();
          } catch {
            // Already closed or errored: the stream ended on its own first.
          }
        });
      },
      async pull(controller) {
        const page = await store.audit.list({
          ...filters,
          limit: MAX_AUDIT_PAGE,
          ...(beforeId === undefined ? {} : { beforeId }),
        });
        if (page.length > 0) {
          const text = page.map((record) => `${JSON.stringify(entryView(record))}\n`).join('');
          controller.enqueue(encoder.encode(text));
        }
        beforeId = page.at(-1)?.id;
        if (page.length < MAX_AUDIT_PAGE) {
          unregister();
          controller.close();
        }
      },
      cancel() {
        unregister();
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Disposition': 'attachment; filename="bosun-audit.ndjson"',
      },
    });
  });
  return app;
}
