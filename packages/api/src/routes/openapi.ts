import { buildOpenApiDocument, type OpenApiDocument } from '@bosun/protocol';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

/**
 * GET /api/openapi.json: the API as an OpenAPI 3.1 document, generated from protocol's route
 * table and schemas, so people can script bosun from any language. Public: it describes the API,
 * it holds nothing of the manager's. Built on first request and kept, since it never changes
 * while the process runs.
 */
export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let document: OpenApiDocument | undefined;
  app.get('/api/openapi.json', (c) => {
    document ??= buildOpenApiDocument();
    return c.json(document);
  });
  return app;
}
