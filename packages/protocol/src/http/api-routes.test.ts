import { describe, expect, it } from 'vitest';
import { HTTP_EXAMPLES, parseExact } from '../testing/index.ts';
import { API_ROUTES, type ApiRoute, type ApiRouteName } from './api-routes.ts';

const ROUTES = Object.entries(API_ROUTES) as Array<[ApiRouteName, ApiRoute]>;

describe('the route table', () => {
  it('lists each method and path once', () => {
    const keys = ROUTES.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has params exactly for the path segments, and a body only where a method carries one', () => {
    for (const [name, route] of ROUTES) {
      const segments = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]);
      expect(Object.keys(route.params?.shape ?? {}), name).toEqual(segments);
      if (route.body) expect(['POST', 'PUT', 'PATCH'], name).toContain(route.method);
      if (route.bodyOptional) expect(route.body, name).toBeDefined();
    }
  });

  it('names the manager routes it should, and the WebSocket endpoints not at all', () => {
    const paths = new Set(ROUTES.map(([, route]) => route.path));
    for (const path of [
      '/healthz',
      '/api/login',
      '/api/events',
      '/api/logs',
      '/api/audit',
      '/api/users/:id',
    ]) {
      expect(paths).toContain(path);
    }
    expect([...paths].some((path) => path.startsWith('/ws/'))).toBe(false);
  });
});

describe('each route with its example', () => {
  it.each(ROUTES.map(([name]) => name))('%s: the example request and answer match exactly', (name) => {
    const route: ApiRoute = API_ROUTES[name];
    const example: Record<string, unknown> = HTTP_EXAMPLES[name];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = route[part];
      expect(example[part] !== undefined, `${name} has an example ${part}`).toBe(schema !== undefined);
      // Queries arrive as strings and come out as numbers: they are parsed, not compared.
      if (schema && part === 'query') expect(schema.safeParse(example[part]).success).toBe(true);
      else if (schema) parseExact(schema, example[part], `${name} ${part}`);
    }
    expect(example.response !== undefined, `${name} has an example answer`).toBe(
      route.response !== undefined,
    );
    if (route.response) parseExact(route.response.schema, example.response, `${name} answer`);
  });
});
