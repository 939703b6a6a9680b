import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from './api-routes.ts';
import { buildOpenApiDocument } from './openapi.ts';

const document = buildOpenApiDocument({ version: '1.2.3' });
const routes = Object.entries(API_ROUTES) as Array<[string, ApiRoute]>;
type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: object }>;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
  security: unknown[];
};

function operationOf(route: ApiRoute): Operation {
  const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
  return document.paths[path]?.[route.method.toLowerCase()] as unknown as Operation;
}

/** Every `$ref` anywhere inside `value`. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.push(item);
      else refsIn(item, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the version it was given', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
  });

  it('has one operation per route, under its OpenAPI path, named after the route', () => {
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(routes.length);
    for (const [name, route] of routes) {
      expect(operationOf(route)?.operationId, `${route.method} ${route.path}`).toBe(name);
    }
  });

  it('documents every parameter, body and answer of every route', () => {
    for (const [name, route] of routes) {
      const operation = operationOf(route);
      const parameters = operation.parameters ?? [];
      for (const key of Object.keys(route.params?.shape ?? {})) {
        expect(parameters, name).toContainEqual(
          expect.objectContaining({ name: key, in: 'path', required: true }),
        );
      }
      for (const key of Object.keys(route.query?.shape ?? {})) {
        expect(parameters, name).toContainEqual(expect.objectContaining({ name: key, in: 'query' }));
      }
      expect(operation.requestBody?.required, name).toBe(
        route.body ? route.bodyOptional !== true : undefined,
      );
      const success = route.response ? String(route.response.status) : '204';
      const also = route.response?.alsoStatus === undefined ? [] : [String(route.response.alsoStatus)];
      expect(Object.keys(operation.responses).sort(), name).toEqual([success, ...also, 'default'].sort());
      expect(operation.security, name).toEqual(route.access === 'public' ? [] : expect.any(Array));
      if (route.access !== 'public') expect(operation.security.length, name).toBeGreaterThan(0);
    }
  });

  it('marks optional query parameters as not required', () => {
    const logs = operationOf(API_ROUTES.readLogs).parameters ?? [];
    expect(logs.find((p) => p.name === 'agent')?.required).toBe(true);
    expect(logs.find((p) => p.name === 'tail')?.required).toBe(false);
  });

  it('gives streamed answers their media types', () => {
    expect(Object.keys(operationOf(API_ROUTES.readLogs).responses['200']?.content ?? {})).toEqual([
      'application/x-ndjson',
    ]);
    expect(Object.keys(operationOf(API_ROUTES.fleetEvents).responses['200']?.content ?? {})).toEqual([
      'text/event-stream',
    ]);
  });

  it('resolves every reference to a component, and every component is a converted schema', () => {
    const { schemas } = document.components;
    for (const ref of refsIn(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    for (const [name, schema] of Object.entries(schemas)) {
      expect(Object.keys(schema).length, name).toBeGreaterThan(0);
      expect(schema, name).not.toHaveProperty('$id');
      expect(schema, name).not.toHaveProperty('$schema');
      expect(JSON.stringify(schema), name).not.toContain('not representable');
    }
  });

  it('leaves answers open to fields a newer manager adds', () => {
    const user = document.components.schemas.UserView as { additionalProperties?: unknown };
    expect(user).toMatchObject({
      type: 'object',
      required: ['id', 'username', 'role', 'createdAt', 'grants'],
    });
    expect(user.additionalProperties).toBeUndefined();
  });

  it('converts every schema of the table without a fallback', () => {
    for (const [name, route] of routes) {
      for (const schema of [route.params, route.query, route.body]) {
        if (schema) expect(() => z.toJSONSchema(schema, { io: 'input' }), name).not.toThrow();
      }
      if (route.response) {
        expect(() => z.toJSONSchema(route.response!.schema, { io: 'output' }), name).not.toThrow();
      }
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });
});
