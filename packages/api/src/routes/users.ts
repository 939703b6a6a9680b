import { newId, type Store, type UserRecord } from '@bosun/hub';
import {
  ProtocolError,
  type Role,
  recordParamsSchema,
  type UserListResponse,
  type UserResponse,
  userCreateBodySchema,
  userPatchBodySchema,
} from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import { endSessionsAfterPasswordChange } from '../auth/end-sessions.ts';
import { type ApiDeps, type AppEnv, clientAddress } from '../http/app-env.ts';
import { authenticated, requireRole } from '../http/auth-middleware.ts';
import { readJson, readParam } from '../http/request-input.ts';
import { userView, userViewsWithGrants, userViewWithGrants } from '../http/user-view.ts';
import { Serial } from '../serial.ts';

/** GET/POST /api/users, PATCH/DELETE /api/users/:id (admins). */
export function userRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store, clock, limits, passwords } = deps;
  // "Not the last admin" is a check then a write; two requests must not both pass the check.
  const changes = new Serial();

  app.get('/api/users', authenticated(deps), requireRole(deps, 'admin', 'user.list'), async (c) => {
    const users = await userViewsWithGrants(store, await store.users.list());
    return c.json({ users } satisfies UserListResponse);
  });

  app.post('/api/users', authenticated(deps), requireRole(deps, 'admin', 'user.create'), async (c) => {
    const { principal } = c.get('auth');
    const body = await readJson(c, userCreateBodySchema, { maxBytes: limits.maxBodyBytes });
    const record: UserRecord = {
      id: newId('usr_'),
      username: body.username,
      passwordHash: await passwords.hash(body.password),
      role: body.role,
      createdAt: clock.now(),
    };
    await store.users.create(record);
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'user.create',
      target: `user:${record.id}`,
      outcome: 'ok',
      detail: { username: record.username, role: record.role },
    });
    return c.json({ user: userView(record) } satisfies UserResponse, 201);
  });

  app.patch('/api/users/:id', authenticated(deps), requireRole(deps, 'admin', 'user.update'), async (c) => {
    const { principal } = c.get('auth');
    const id = readParam(c, 'id', recordParamsSchema.shape.id);
    const body = await readJson(c, userPatchBodySchema, { maxBytes: limits.maxBodyBytes });
    // Hashed before taking the lock: it is the slow part and needs no consistency.
    const passwordHash = body.password === undefined ? undefined : await passwords.hash(body.password);
    const updated = await changes.run(async () => {
      const user = await store.users.byId(id);
      if (!user) throw new ProtocolError('not_found', `no user "${id}"`);
      if (body.role !== undefined && body.role !== 'admin' && user.role === 'admin') {
        await refuseLastAdmin(store, 'demote');
      }
      const patch: { passwordHash?: string; role?: Role } = {};
      if (passwordHash !== undefined) patch.passwordHash = passwordHash;
      if (body.role !== undefined) patch.role = body.role;
      await store.users.update(id, patch);
      return { ...user, ...patch };
    });
    // A reset by an admin ends the user's API tokens too: it is how a leaked account is taken back.
    if (passwordHash !== undefined) {
      await endSessionsAfterPasswordChange(deps, c.get('auth'), id, { keepTokens: false });
    }
    // The user's open event streams and log sockets take the new role at once.
    if (body.role !== undefined) deps.credentialChanges.withdrawn();
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'user.update',
      target: `user:${id}`,
      outcome: 'ok',
      detail: {
        ...(body.role === undefined ? {} : { role: body.role }),
        ...(passwordHash === undefined ? {} : { password: 'changed' }),
      },
    });
    return c.json({ user: await userViewWithGrants(store, updated) } satisfies UserResponse);
  });

  app.delete('/api/users/:id', authenticated(deps), requireRole(deps, 'admin', 'user.delete'), async (c) => {
    const { principal } = c.get('auth');
    const id = readParam(c, 'id', recordParamsSchema.shape.id);
    if (id === principal.userId) throw new ProtocolError('conflict', 'you cannot delete yourself');
    const deleted = await changes.run(async () => {
      const user = await store.users.byId(id);
      if (!user) throw new ProtocolError('not_found', `no user "${id}"`);
      if (user.role === 'admin') await refuseLastAdmin(store, 'delete');
      // Sessions, API tokens and grants go with the user (ON DELETE CASCADE).
      await store.users.delete(id);
      return user;
    });
    deps.credentialChanges.withdrawn();
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'user.delete',
      target: `user:${id}`,
      outcome: 'ok',
      detail: { username: deleted.username },
    });
    return c.body(null, 204);
  });

  return app;
}

async function refuseLastAdmin(store: Store, verb: string): Promise<void> {
  const admins = (await store.users.list()).filter((user) => user.role === 'admin');
  if (admins.length <= 1) throw new ProtocolError('conflict', `cannot ${verb} the last admin`);
}
