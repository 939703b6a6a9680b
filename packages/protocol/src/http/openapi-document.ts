import { z } from 'zod';

// JSON Schema objects as zod's toJSONSchema writes them: described by the OpenAPI standard, not
// by bosun, so they are passed through as they are.
const jsonObject = z.record(z.string(), z.unknown());

/**
 * `GET /api/openapi.json`: the manager's HTTP API as an OpenAPI 3.1 document (see
 * `buildOpenApiDocument`), checked down to its operations; the JSON Schemas inside are zod's.
 */
export const openApiDocumentSchema = z.object({
  openapi: z.literal('3.1.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  /** Path (OpenAPI style, `/api/users/{id}`) → lower-case method → operation. */
  paths: z.record(z.string(), z.record(z.string(), jsonObject)),
  components: z.object({
    schemas: z.record(z.string(), jsonObject),
    securitySchemes: z.record(z.string(), jsonObject),
  }),
});
/** The document of `GET /api/openapi.json`. */
export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>;
