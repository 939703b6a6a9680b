import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { AppContext } from '@bosun/api';

/** Where a workstation downloads the `bosun` command from the manager. */
export const CLI_DOWNLOAD_PATH = '/download/bosun';

type Loaded = { mtimeMs: number; size: number; body: Uint8Array<ArrayBuffer>; etag: string };

/**
 * `GET /download/bosun`: the single-file `bosun` command (Node 20 or newer runs it), public like
 * the web UI's files, so a workstation gets the command of its manager's version with one curl.
 * Revalidated on every fetch (a new manager brings a new file) and cheap to revalidate by its ETag.
 * The file is read again only when it changed on disk.
 */
export function cliDownload(file: string | undefined): (c: AppContext) => Promise<Response> {
  let loaded: Loaded | undefined;
  const load = async (path: string): Promise<Loaded | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    if (loaded?.mtimeMs === info.mtimeMs && loaded.size === info.size) return loaded;
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    loaded = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
    return loaded;
  };

  return async (c) => {
    const found = file === undefined ? undefined : await load(file);
    if (!found) {
      return c.text(
        'This manager has no bosun command to hand out: it runs from a checkout where it is not built (npm run build:cli).\n',
        404,
        { 'Cache-Control': 'no-cache' },
      );
    }
    const headers = { ETag: found.etag, 'Cache-Control': 'no-cache' };
    if (c.req.header('If-None-Match') === found.etag) return c.body(null, 304, headers);
    return c.body(found.body, 200, {
      ...headers,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Disposition': 'attachment; filename="bosun"',
    });
  };
}
