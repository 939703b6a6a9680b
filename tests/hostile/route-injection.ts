import { API_ROUTES, type ApiRoute } from '@bosun/protocol';
import type { CaseCount } from './hostile-figures.ts';
import type { HostileRandom } from './hostile-random.ts';
import { type RawAnswer, type RawTarget, rawRequest, requestHead } from './raw-http.ts';

/** One hostile request, and what it is. */
type HostileRequest = { what: string; bytes: string; headOnly: boolean };

/** Path segments: traversal plain and encoded, NUL, CRLF, SQL and shell metacharacters, a very long one. */
const SEGMENTS = [
  '..',
  '../../../../etc/passwd',
  '..%2f..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2e%2e',
  '..%5c..%5cwindows',
  'x%00y',
  '%00',
  "'%20OR%20'1'='1",
  '1%3B%20DROP%20TABLE%20users%3B--',
  'x%0d%0aSet-Cookie:%20bosun_session=evil',
  '$(id)%60id%60',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%ff%fe%c0%af',
  'a'.repeat(8000),
];
const QUERIES = [
  'agent=..%2f..%2fetc&container=%00&tail=99999999999',
  "agent='%20OR%201=1--&container=x%0d%0aa&since=%27&until=9999999999999999999",
  'limit=-1&before=1e999&agent[]=x&agent=y',
  `q=${'a'.repeat(8000)}`,
];
const BODIES = [
  '{"username":"\' OR 1=1 --","password":"x"}',
  '{"username":"admin\\u0000","password":"../../etc/passwd"}',
  '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}}}',
  '{"name":"../../x","role":"admin\'--","ttl":"1e999","password":"\\r\\nSet-Cookie: a"}',
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  '{"a":',
  'null',
  `{"username":"${'a'.repeat(200_000)}","password":"x"}`,
];
/** Requests no HTTP client would send: bare CR and NUL in headers, a huge header, a split Host. */
const MALFORMED_HEADS = (port: number) => [
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Inject: a\rSet-Cookie: evil=1\r\nConnection: close\r\n\r\n`,
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n`,
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(70_000)}\r\nConnection: close\r\n\r\n`,
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\nConnection: close\r\n\r\n0\r\n\r\n`,
  `GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  `GET /assets/..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  `GET /%2e%2e/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  `GET /index.html%00.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  `GET http://evil.example/api/agents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
];
// What must never come back: a file of the machine, the manager's own sources, a stack trace.
const LEAKS = [/root:.*:0:0:/, /"workspaces"\s*:/, /\n\s+at .+\.(ts|js):\d+/, /node_modules/];

/** Every route of `API_ROUTES` with each hostile segment in each parameter, query and body. */
function hostileRequests(
  port: number,
  auth: Record<string, string>,
  random: HostileRandom,
  extra: number,
): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const segments = [...SEGMENTS];
  // BOSUN_LONG's more cases: random bytes, percent-encoded, as segments.
  for (let i = 0; i < extra; i++)
    segments.push(
      [...random.bytes(1 + random.int(60))].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    );
  for (const route of Object.values(API_ROUTES) as ApiRoute[]) {
    const headOnly = route.response?.kind === 'sse';
    const send = (what: string, target: string, body?: string) => {
      // The admin's session must outlive the logout route.
      const headers: Record<string, string> = route.path === '/api/logout' ? {} : { ...auth };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      requests.push({
        what: `${route.method} ${what}`,
        bytes: requestHead(route.method, target, port, headers) + (body ?? ''),
        headOnly,
      });
    };
    if (route.path.includes(':')) {
      for (const segment of segments)
        send(`${route.path} with ${segment.slice(0, 40)}`, route.path.replace(/:\w+/g, segment));
    } else {
      for (const segment of segments.slice(0, 4))
        send(`${route.path}/${segment}`, `${route.path}/${segment}`);
    }
    for (const query of QUERIES)
      send(`${route.path}?${query.slice(0, 40)}`, `${route.path.replace(/:\w+/g, 'x')}?${query}`);
    // The password route shares the login bucket: hostile bodies there would lock the admin out.
    if (route.body !== undefined && route.path !== '/api/me/password')
      for (const body of BODIES)
        send(`${route.path} body ${body.slice(0, 40)}`, route.path.replace(/:\w+/g, 'x'), body);
  }
  return requests;
}

/**
 * Path traversal and injection on every route of `API_ROUTES` and the web UI's files, sent as an
 * admin (so the requests reach each route's own checks) from their own loopback address: every
 * answer is a 2xx or 4xx, never a 5xx or no answer, and no answer leaks a file or a stack trace.
 */
export async function injectRoutes(
  target: RawTarget,
  auth: Record<string, string>,
  random: HostileRandom,
  extra: number,
): Promise<CaseCount> {
  const requests = [
    ...hostileRequests(target.port, auth, random, extra),
    ...MALFORMED_HEADS(target.port).map((bytes) => ({
      what: `raw ${bytes.split('\r\n')[0]?.slice(0, 60)}`,
      bytes,
      headOnly: false,
    })),
  ];
  const failures: string[] = [];
  let refused = 0;
  let next = 0;
  const judge = (request: HostileRequest, answer: RawAnswer) => {
    if (answer.status >= 400 && answer.status < 500) refused += 1;
    if (answer.status === 0 || answer.status >= 500)
      failures.push(`${request.what}: ${answer.status} ${answer.body.slice(0, 200)}`);
    const leak = LEAKS.find((pattern) => pattern.test(answer.body) || pattern.test(answer.head));
    if (leak) failures.push(`${request.what}: the answer matches ${leak}: ${answer.body.slice(0, 200)}`);
  };
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < requests.length) {
        const request = requests[next++] as HostileRequest;
        judge(request, await rawRequest(target, request.bytes, { headOnly: request.headOnly }));
      }
    }),
  );
  if (failures.length > 0)
    throw new Error(`hostile requests the manager mishandled:\n${failures.join('\n')}`);
  return { cases: requests.length, refused };
}
