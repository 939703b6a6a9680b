import { API_ROUTES, SESSION_COOKIE } from '@bosun/protocol';
import { z } from 'zod';
import { ApiClient, openLogsSocket } from '../kit/test-manager.ts';
import type { CaseCount } from './hostile-figures.ts';
import { type RawTarget, rawRequest, requestHead } from './raw-http.ts';

const FOREIGN = 'http://evil.example';
const forbiddenSchema = z.object({ error: z.object({ code: z.literal('forbidden') }) });

function isForbidden(body: string): boolean {
  try {
    return forbiddenSchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

/** Collects what a group of attacks got through; the group fails with all of them listed. */
class Verdicts {
  readonly failures: string[] = [];
  cases = 0;

  check(what: string, refused: boolean, detail: unknown): void {
    this.cases += 1;
    if (!refused) this.failures.push(`${what}: ${JSON.stringify(detail).slice(0, 300)}`);
  }

  done(group: string): CaseCount {
    if (this.failures.length > 0) throw new Error(`${group} not refused:\n${this.failures.join('\n')}`);
    return { cases: this.cases, refused: this.cases };
  }
}

/**
 * Session fixation: a session cookie planted before login authenticates nothing and is not
 * adopted by the login, which sets a fresh one; another user's session sent along with a login
 * stays that user's.
 */
export async function sessionFixation(
  url: string,
  user: { username: string; password: string },
): Promise<CaseCount> {
  const v = new Verdicts();
  const planted = `${SESSION_COOKIE}=${'A'.repeat(43)}`;
  const attacker = new ApiClient(url, { cookie: planted });
  const before = await attacker.call('GET', '/api/me');
  v.check('a planted session cookie authenticates', before.status === 401, before);
  const login = await attacker.call('POST', '/api/login', user);
  v.check('the login answers', login.status === 200, login);
  v.check(
    'the login keeps the planted cookie',
    attacker.cookie !== undefined && attacker.cookie !== planted,
    attacker.cookie,
  );
  const after = await new ApiClient(url, { cookie: planted }).call('GET', '/api/me');
  v.check('the planted cookie authenticates after the login', after.status === 401, after);
  const again = await ApiClient.login(url, user.username, user.password);
  v.check('a second login gets the first session', again.cookie !== attacker.cookie, again.cookie);
  return v.done('session fixation');
}

/**
 * CSRF: every state-changing route of `API_ROUTES`, called with a valid session cookie but no
 * Origin, a foreign one or `null`, is refused 403 `forbidden` (login: a foreign one or `null`).
 */
export async function crossSiteRequests(url: string, cookie: string): Promise<CaseCount> {
  const v = new Verdicts();
  for (const route of Object.values(API_ROUTES)) {
    if (route.method === 'GET') continue;
    const path = route.path.replace(/:\w+/g, 'x');
    // A login without Origin is the CLI's; a browser always sends one on POST.
    const origins = route.path === '/api/login' ? [FOREIGN, 'null'] : [undefined, FOREIGN, 'null'];
    for (const origin of origins) {
      const client = new ApiClient(url, { cookie });
      client.origin = origin;
      const answer = await client.call(route.method, path, {});
      v.check(
        `${route.method} ${path} from Origin ${origin}`,
        answer.status === 403 && forbiddenSchema.safeParse(answer.body).success,
        answer,
      );
    }
  }
  return v.done('cross-site requests');
}

/** A log socket upgrade with a valid session cookie from a foreign Origin, `null` or none is refused 403. */
export async function crossSiteSockets(url: string, cookie: string): Promise<CaseCount> {
  const v = new Verdicts();
  for (const origin of [FOREIGN, 'null', `${FOREIGN}.${new URL(url).host}`, undefined]) {
    const headers: Record<string, string> = { cookie };
    if (origin !== undefined) headers.origin = origin;
    const opened = await openLogsSocket(url, headers);
    if ('socket' in opened) opened.socket.close();
    v.check(
      `/ws/logs from Origin ${origin}`,
      'status' in opened && opened.status === 403,
      'status' in opened ? opened : 'opened',
    );
  }
  return v.done('cross-site sockets');
}

/**
 * DNS rebinding: a page of evil.example whose name now points at the manager sends the Host
 * evil.example and the matching Origin. With the session cookie the manager's own pages would
 * hold, every request and the log socket upgrade are refused 403 `forbidden`.
 */
export async function reboundHosts(target: RawTarget, cookie: string): Promise<CaseCount> {
  const v = new Verdicts();
  const host = `evil.example:${target.port}`;
  const headers = { Host: host, Origin: `http://${host}`, Cookie: cookie };
  const requests = [
    requestHead('GET', '/api/me', target.port, headers),
    requestHead('GET', '/api/agents', target.port, headers),
    requestHead('GET', '/healthz', target.port, headers),
    requestHead('POST', '/api/join-tokens', target.port, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': '2',
    }) + '{}',
    requestHead('GET', '/ws/logs', target.port, {
      ...headers,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version': '13',
    }),
  ];
  for (const request of requests) {
    const upgrade = request.includes('Upgrade: websocket');
    // An upgrade let through would never end: its head is all there is to wait for.
    const answer = await rawRequest(target, request, { headOnly: upgrade });
    const what = `${request.split('\r\n')[0]} with Host ${host}`;
    v.check(
      what,
      answer.status === 403 && (upgrade || isForbidden(answer.body)),
      answer.head.split('\r\n')[0],
    );
  }
  return v.done('rebound Host headers');
}
