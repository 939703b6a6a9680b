import { API_ROUTES, type ApiRoute, errorBodySchema, logReadRecordSchema } from '@bosun/protocol';
import { parseExact } from '@bosun/protocol/testing';

const ROUTES = (Object.values(API_ROUTES) as ApiRoute[]).map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
}));

/** The route of protocol's table that answers `method path`, if any (the web UI's files have none). */
export function routeOf(method: string, path: string): ApiRoute | undefined {
  const pathname = new URL(path, 'http://manager.test').pathname;
  return ROUTES.find(({ route, pattern }) => route.method === method && pattern.test(pathname))?.route;
}

/**
 * Checks an answer against protocol's contract, strictly (`parseExact`: nothing the schema does
 * not describe): an error is exactly an ErrorBody; a success is what the route's entry in
 * `API_ROUTES` says, a JSON body of its schema or no body at all. Streams are left to the tests
 * that read them (`readNdjson` checks each record), since reading a copy here would change how
 * fast the stream is pulled. Throws with the route and the field at fault.
 */
export async function checkAnswer(method: string, path: string, res: Response): Promise<void> {
  const what = `${method} ${path} → ${res.status}`;
  const route = routeOf(method, path);
  const spec = route?.response;
  if (spec?.alsoStatus !== undefined && res.status === spec.alsoStatus) {
    parseExact(spec.schema, await res.clone().json(), what);
    return;
  }
  if (res.status >= 400) {
    parseExact(errorBodySchema, await res.clone().json(), what);
    return;
  }
  if (route === undefined || res.status >= 300) return;
  if (spec === undefined) {
    if (res.status !== 204) throw new Error(`${what}: this route answers 204 with no body`);
    return;
  }
  if (res.status !== spec.status) throw new Error(`${what}: this route answers ${spec.status}`);
  if (spec.kind === 'json') parseExact(spec.schema, await res.clone().json(), what);
  if (spec.kind === 'text') parseExact(spec.schema, await res.clone().text(), what);
}

/** One record of `/api/logs`, checked as strictly as `checkAnswer` checks JSON answers. */
export function checkLogRecord(record: unknown, index: number): unknown {
  return parseExact(logReadRecordSchema, record, `/api/logs record ${index}`);
}
