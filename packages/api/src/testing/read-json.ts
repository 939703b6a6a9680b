import type { ErrorCode } from '@bosun/protocol';
import { expect } from 'vitest';
import { checkLogRecord } from './check-answer.ts';

// Tests read answers ad hoc (`body.user.role`); each asserts the shape it relies on.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

/**
 * The JSON body of an API answer. Every route test reads JSON through here, so a check that
 * applies to every answer (its content type today) is made once.
 */
export async function readJson(res: Response): Promise<Loose> {
  expect(res.headers.get('content-type'), `${res.status} answer`).toMatch(/^application\/json/);
  return JSON.parse(await res.text());
}

/** Asserts an error answer: its status and exactly `{ error: { code, message } }`. */
export async function expectError(res: Response, status: number, code: ErrorCode): Promise<string> {
  const body = await readJson(res);
  expect({ status: res.status, body }).toEqual({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
  return body.error.message;
}

/** The lines of an NDJSON answer, each parsed; like `readJson`, the one way tests read them. */
export async function readNdjson(res: Response): Promise<Loose[]> {
  expect(res.headers.get('content-type'), `${res.status} answer`).toMatch(/^application\/x-ndjson/);
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => checkLogRecord(JSON.parse(line), index));
}
