import type { UserView } from '@bosun/protocol';
import { EXAMPLE_AGENT_VIEW } from '@bosun/protocol/testing';
import { describe, expect, it } from 'vitest';
import { findGrant, findHost, findUser, formatUsersTable } from './user-rows.ts';

const ann: UserView = {
  id: 'usr_ann',
  username: 'Ann',
  role: 'none',
  createdAt: 1,
  grants: [
    { agentId: 'agt_a', agentName: 'host-a', role: 'viewer' },
    { agentId: 'agt_b', agentName: 'host-b', role: 'operator' },
  ],
};
const bob: UserView = { id: 'usr_bob', username: 'bob', role: 'admin', createdAt: 2, grants: [] };

describe('users table', () => {
  it('shows each user with its role and granted hosts', () => {
    expect(formatUsersTable([ann, bob])).toBe(
      'USER   ROLE    HOSTS\n' + 'Ann    none    host-a (viewer), host-b (operator)\n' + 'bob    admin   -\n',
    );
  });
});

describe('finding what the arguments name', () => {
  it('finds a user ignoring case, and refuses an unknown one as not found', () => {
    expect(findUser([ann, bob], 'ann').id).toBe('usr_ann');
    expect(() => findUser([ann], 'carl')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('finds a host by id or name', () => {
    const agents = [EXAMPLE_AGENT_VIEW];
    expect(findHost(agents, EXAMPLE_AGENT_VIEW.id).name).toBe('web-1');
    expect(findHost(agents, 'web-1').id).toBe(EXAMPLE_AGENT_VIEW.id);
    expect(() => findHost(agents, 'web-2')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it("finds a user's grant by the host's id or name", () => {
    expect(findGrant(ann, 'host-b')).toBe('agt_b');
    expect(findGrant(ann, 'agt_a')).toBe('agt_a');
    expect(() => findGrant(bob, 'host-a')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
