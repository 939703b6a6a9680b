import { type ErrorCode, errorBodySchema } from '@bosun/protocol';
import { ManagerError, UnreachableError } from '../exit-codes.ts';
import type { ManagerResponse } from './manager-response.ts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_data',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
  503: 'agent_offline',
  504: 'timeout',
};

/** What a refused token means to the person, whatever words the manager chose. */
export const REFUSED_TOKEN = 'the manager refused the API token (expired or revoked?): run bosun login again';

const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  unauthorized: REFUSED_TOKEN,
  forbidden: 'your role may not do this',
};

/**
 * The manager's `{ error: { code, message } }` as an error carrying the code; a body that is not
 * one (a proxy's HTML page) still yields a line naming the status.
 */
export async function errorFromResponse(response: ManagerResponse): Promise<ManagerError> {
  const status = response.status;
  let code: ErrorCode = CODE_BY_STATUS[status] ?? 'internal';
  let message: string | undefined;
  const body = errorBodySchema.safeParse(await response.json().catch(() => undefined));
  // Not an error body (a proxy's HTML page): the status alone has to do.
  if (body.success) {
    code = body.data.error.code;
    if (body.data.error.message !== '') message = body.data.error.message;
  }
  // A 401 names the cause the person can act on, whatever words the manager chose.
  if (code === 'unauthorized') message = MESSAGE_BY_CODE.unauthorized;
  return new ManagerError(
    code,
    message ?? MESSAGE_BY_CODE[code] ?? `the manager answered ${status} ${response.statusText}`.trim(),
    status,
  );
}

/**
 * A request that got no answer, named by the socket's or TLS's error code where there is one (only
 * the code: no URLs with secrets); fetch's TypeError hides that error in `cause`.
 */
export function unreachable(manager: string, error: unknown): Error {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return error;
  const failure = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = failure.code ?? failure.cause?.code;
  const reason = code ?? failure.cause?.message ?? failure.message;
  const hint = code !== undefined && UNTRUSTED_CERTIFICATE.has(code) ? CERTIFICATE_HINT : '';
  return new UnreachableError(`cannot reach the manager at ${manager}: ${reason}${hint}`);
}

// Node's codes for a certificate no trusted CA signed: a manager with its own or a private CA's
// certificate, which the person can fix by naming that CA.
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
const CERTIFICATE_HINT =
  " (the manager's certificate is not signed by a CA this machine trusts; for a private CA, " +
  'set NODE_EXTRA_CA_CERTS to its PEM file)';
