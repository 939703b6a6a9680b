import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { type AppContext, requestFacts, requestOrigin, type StaticAssets } from '@bosun/api';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

// Bundler output under assets/ has content hashes in its names, so it can be cached for good;
// everything else (index.html above all) is revalidated so a new build shows up at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The web UI: files of the built app (packages/web/dist), with index.html for any other page
 * path so client-side routes survive a reload; without a build, a small page pointing at the CLI.
 */
export function webUiAssets(webDir: string | undefined): StaticAssets {
  const root = webDir === undefined ? undefined : resolve(webDir);

  return async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/ws/')) return next();
    if (root === undefined) return path === '/' || path === '/index.html' ? notBuiltPage(c) : next();
    const file = await findFile(root, path);
    if (file) return serveFile(c, file, path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    // A missing asset is a 404; a missing page is a client-side route.
    if (extname(path) !== '') return next();
    const index = await findFile(root, '/index.html');
    return index ? serveFile(c, index, REVALIDATE) : next();
  };
}

async function findFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = resolve(root, relative);
  // Nothing outside the build folder, whatever the path says ("..", encoded or not).
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

async function serveFile(c: AppContext, file: string, cacheControl: string): Promise<Response> {
  const body = await readFile(file);
  return c.body(body, 200, {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function notBuiltPage(c: AppContext): Response {
  const origin = escapeHtml(requestOrigin(requestFacts(c)) ?? 'http://MANAGER:7070');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bosun</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>bosun manager</h1>
<p>The manager is running, but its web UI is not built (no <code>packages/web/dist</code>).
Until it is, use the command line:</p>
<pre>
bosun login --manager ${origin}
bosun ps
bosun --help
</pre>
</body>
</html>
`;
  return c.html(html, 200, { 'Cache-Control': REVALIDATE });
}
