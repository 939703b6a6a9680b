import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const NEW_USER = { username: 'new.user', password: 'long enough', role: 'operator' };

// GET /api/users takes no input: there is no bad-input case.
describe('GET /api/users', () => {
  it('lists the users without their password hashes', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const res = await bed.request('GET', '/api/users', { as: admin });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      users: [
        {
          id: admin.user.id,
          username: admin.user.username,
          role: 'admin',
          createdAt: bed.clock.now(),
          grants: [],
        },
      ],
    });
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('GET', '/api/users', { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/users'), 401, 'unauthorized');
  });
});

describe('POST /api/users', () => {
  it('creates a user who can then log in', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/users', { as: await bed.browser('admin'), body: NEW_USER });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toEqual({
      user: {
        id: expect.stringMatching(/^usr_/),
        username: 'new.user',
        role: 'operator',
        createdAt: bed.clock.now(),
        grants: [],
      },
    });
    const login = await bed.request('POST', '/api/login', {
      body: { username: 'new.user', password: 'long enough' },
    });
    expect(login.status).toBe(200);
  });

  it('refuses a username already taken with 409', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    await bed.request('POST', '/api/users', { as: admin, body: NEW_USER });
    await expectError(
      await bed.request('POST', '/api/users', { as: admin, body: NEW_USER }),
      409,
      'conflict',
    );
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/users', {
      as: await bed.browser('operator'),
      body: NEW_USER,
    });
    await expectError(res, 403, 'forbidden');
  });

  it('refuses an unknown role with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/users', {
      as: await bed.browser('admin'),
      body: { ...NEW_USER, role: 'root' },
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.role: /);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(
      await new ApiTestBed().request('POST', '/api/users', { body: NEW_USER }),
      401,
      'unauthorized',
    );
  });
});

describe('PATCH /api/users/:id', () => {
  it('changes the role', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    const res = await bed.request('PATCH', `/api/users/${user.id}`, {
      as: await bed.browser('admin'),
      body: { role: 'operator' },
    });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      user: {
        id: user.id,
        username: user.username,
        role: 'operator',
        createdAt: bed.clock.now(),
        grants: [],
      },
    });
  });

  it("sets a password and ends that user's sessions", async () => {
    const bed = new ApiTestBed();
    const victim = await bed.browser('viewer');
    const res = await bed.request('PATCH', `/api/users/${victim.user.id}`, {
      as: await bed.browser('admin'),
      body: { password: 'set by an admin' },
    });
    expect(res.status).toBe(200);
    await expectError(await bed.request('GET', '/api/me', { as: victim }), 401, 'unauthorized');
  });

  it('refuses to demote the last admin with 409', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const res = await bed.request('PATCH', `/api/users/${admin.user.id}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    expect(await expectError(res, 409, 'conflict')).toBe('cannot demote the last admin');
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    const res = await bed.request('PATCH', `/api/users/${user.id}`, {
      as: await bed.browser('operator'),
      body: { role: 'operator' },
    });
    await expectError(res, 403, 'forbidden');
  });

  it('refuses an empty change with 400', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    const res = await bed.request('PATCH', `/api/users/${user.id}`, {
      as: await bed.browser('admin'),
      body: {},
    });
    expect(await expectError(res, 400, 'invalid_data')).toBe('body: expected password or role');
  });

  it('answers 404 for an unknown user', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('PATCH', '/api/users/usr_nope', {
      as: await bed.browser('admin'),
      body: { role: 'admin' },
    });
    await expectError(res, 404, 'not_found');
  });

  it('refuses a request without credentials with 401', async () => {
    const res = await new ApiTestBed().request('PATCH', '/api/users/usr_x', { body: { role: 'admin' } });
    await expectError(res, 401, 'unauthorized');
  });
});

describe('DELETE /api/users/:id', () => {
  it('deletes the user, whose sessions end with it', async () => {
    const bed = new ApiTestBed();
    const doomed = await bed.browser('viewer');
    const res = await bed.request('DELETE', `/api/users/${doomed.user.id}`, {
      as: await bed.browser('admin'),
    });
    expect(res.status).toBe(204);
    expect(await bed.store.users.byId(doomed.user.id)).toBeUndefined();
    await expectError(await bed.request('GET', '/api/me', { as: doomed }), 401, 'unauthorized');
  });

  it('refuses deleting oneself with 409', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const res = await bed.request('DELETE', `/api/users/${admin.user.id}`, { as: admin });
    expect(await expectError(res, 409, 'conflict')).toBe('you cannot delete yourself');
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    const res = await bed.request('DELETE', `/api/users/${user.id}`, { as: await bed.browser('operator') });
    await expectError(res, 403, 'forbidden');
  });

  it('refuses an id that cannot be one with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('DELETE', '/api/users/not!an!id', { as: await bed.browser('admin') });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^id: /);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('DELETE', '/api/users/usr_x'), 401, 'unauthorized');
  });
});
