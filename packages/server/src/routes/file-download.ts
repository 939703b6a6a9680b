import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { AppContext } from '@bosun/api';

/** A file the manager hands out as it is on disk. */
export type DownloadableFile = {
  /** Where it is; undefined when this manager has none. */
  path: string | undefined;
  /** The name a browser saves it under. */
  filename: string;
  contentType: string;
  /** The 404's text when the file is missing: why, and how to get one. */
  missing: string;
};

/**
 * `GET` of one file, public like the web UI's files (the files carry no secret). Streamed from
 * disk, never read whole, since the agent image runs to a hundred megabytes and more. Revalidated
 * on every fetch (a new manager brings new files) and cheap to revalidate: its ETag is the file's
 * size and modification time, so the file is read only when it is sent.
 */
export function fileDownload(file: DownloadableFile): (c: AppContext) => Promise<Response> {
  return async (c) => {
    const info = file.path === undefined ? undefined : await stat(file.path).catch(() => undefined);
    if (file.path === undefined || !info?.isFile()) {
      return c.text(file.missing, 404, { 'Cache-Control': 'no-cache' });
    }
    const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': String(info.size),
      'Content-Disposition': `attachment; filename="${file.filename}"`,
    });
  };
}
