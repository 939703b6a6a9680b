import { ProtocolError } from '@bosun/protocol';
import type { z } from 'zod';
import type { AppContext } from './app-env.ts';

// Zod's issues name the field; the first is enough for a person to fix the request.
function invalid(where: string, error: z.ZodError): ProtocolError {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new ProtocolError('invalid_data', `${path}: ${issue?.message ?? 'invalid'}${more}`);
}

/** `value` checked against `schema`; a mismatch is `invalid_data` naming `where` and the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(where, parsed.error);
  return parsed.data;
}

function tooLarge(maxBytes: number): ProtocolError {
  return new ProtocolError('too_large', `request body exceeds ${maxBytes} bytes`);
}

/** The body's text, refused past `maxBytes` without reading the rest. */
async function readBodyText(c: AppContext, maxBytes: number): Promise<string> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  // ignoreBOM keeps a leading BOM in the text, where JSON.parse refuses it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The JSON body checked against `schema`. An empty body counts as `{}` when `optional`, so
 * `POST …/stop` needs no body at all.
 */
export async function readJson<T>(
  c: AppContext,
  schema: z.ZodType<T>,
  options: { maxBytes: number; optional?: boolean },
): Promise<T> {
  const text = await readBodyText(c, options.maxBytes);
  let value: unknown;
  if (text.trim() === '') {
    if (!options.optional) throw new ProtocolError('bad_json', 'expected a JSON body');
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProtocolError('bad_json', 'request body is not valid JSON');
    }
  }
  return parseWith(schema, value, 'body');
}

/** The query string checked against `schema`. */
export function readQuery<T>(c: AppContext, schema: z.ZodType<T>): T {
  return parseWith(schema, c.req.query(), 'query');
}

/** Path parameter `name` checked against `schema`. */
export function readParam<T>(c: AppContext, name: string, schema: z.ZodType<T>): T {
  return parseWith(schema, c.req.param(name), name);
}
