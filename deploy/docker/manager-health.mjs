// The manager image's health check: asks the manager's /healthz on the loopback address of the
// port it listens on (BOSUN_LISTEN), over https when it serves TLS (BOSUN_TLS_CERT). Exits 0 when
// it answers 200, else 1 with the reason on stdout, which Docker keeps in the container's health
// log. Plain Node, no dependencies: it runs inside the image beside the single-file command.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const TIMEOUT_MS = 4000;

/**
 * The address to ask, from a BOSUN_LISTEN value in the forms `bosun manager --listen` takes
 * (`host:port`, `[v6]:port`, `:port`, a bare port): a wildcard host becomes loopback, any other
 * host is asked where it listens.
 */
function loopbackOf(listen) {
  const value = listen.trim();
  let host;
  let port;
  if (/^\d+$/.test(value)) {
    host = '127.0.0.1';
    port = value;
  } else if (value.startsWith('[')) {
    const end = value.indexOf(']');
    host = value.slice(1, end);
    port = value.slice(end + 2);
  } else {
    const colon = value.lastIndexOf(':');
    host = value.slice(0, colon);
    port = value.slice(colon + 1);
  }
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return { host, port: Number(port) };
}

function fail(reason) {
  process.stdout.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

const { host, port } = loopbackOf(process.env.BOSUN_LISTEN || '127.0.0.1:7070');
const tls = Boolean(process.env.BOSUN_TLS_CERT);
const request = tls ? httpsRequest : httpRequest;
const req = request(
  {
    host,
    port,
    path: '/healthz',
    timeout: TIMEOUT_MS,
    // The certificate names the public host, not the loopback address asked here, and this asks
    // the manager's own process for its liveness only: nothing secret travels.
    ...(tls ? { rejectUnauthorized: false } : {}),
  },
  (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      if (body.length < 4096) body += chunk;
    });
    res.on('end', () => {
      if (res.statusCode === 200) {
        process.stdout.write(`healthy: ${body.trim()}\n`);
        process.exit(0);
      }
      fail(`/healthz answered ${res.statusCode}: ${body.trim()}`);
    });
  },
);
req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
req.on('error', (error) => fail(`${tls ? 'https' : 'http'}://${host}:${port}/healthz: ${error.message}`));
req.end();
