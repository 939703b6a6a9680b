import { userResponseSchema } from '@bosun/protocol';
import { ApiError, api } from './api-client.ts';

/**
 * Whether the session cookie still holds, asked before a socket reconnects (a browser cannot see
 * the 401 of a refused WebSocket upgrade). Only a 401 says no: a manager that is down or
 * restarting cannot tell, and the caller keeps trying, so a restart never logs anyone out.
 */
export async function sessionStillValid(): Promise<boolean> {
  try {
    await api('GET', '/api/me', userResponseSchema);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return false;
    throw error;
  }
}
