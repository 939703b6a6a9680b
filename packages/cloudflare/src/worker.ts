import type { Env } from './env.ts';

export { ManagerObject } from './manager-object.ts';

// One object runs the manager; its name is fixed so every request reaches the same one.
const MANAGER_NAME = 'manager';

/**
 * The Worker: everything goes to the manager object, which serves the API, the sockets and the
 * web UI's files (through the assets binding, so they carry the API's security headers).
 */
export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const stub = env.MANAGER.get(env.MANAGER.idFromName(MANAGER_NAME));
    return stub.fetch(request as never) as unknown as Promise<Response>;
  },
};
