import { AGENT_SOCKET_PATH } from '@bosun/protocol';

/**
 * Accepts the manager's address the way people copy it (its web URL,
 * `http://host:7070`) or the socket URL itself, and returns the agent socket
 * URL. Credentials never travel in it: the URL must not carry any.
 */
export function agentSocketUrl(manager: string): string {
  let url: URL;
  try {
    url = new URL(manager);
  } catch {
    throw new Error(`not a URL: ${JSON.stringify(manager)} (expected e.g. http://manager.example:7070)`);
  }
  if (url.username || url.password || url.search) {
    throw new Error(
      'the manager URL must not carry credentials or a query; use --join-token or BOSUN_JOIN_TOKEN',
    );
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`unsupported manager URL scheme ${url.protocol} (use http, https, ws or wss)`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = AGENT_SOCKET_PATH;
  url.hash = '';
  return url.toString();
}
