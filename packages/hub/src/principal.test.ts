import { describe, expect, it } from 'vitest';
import {
  canOperateOn,
  canOperateSomewhere,
  canSee,
  canSeeEvent,
  roleOn,
  seesEveryHost,
} from './principal.ts';
import { principal } from './testing/fixtures.ts';

const A = 'agt_a';
const B = 'agt_b';

describe('roleOn', () => {
  it('is the global role where there is no grant', () => {
    for (const role of ['admin', 'operator', 'viewer', 'none'] as const) {
      expect(roleOn(principal(role), A)).toBe(role);
    }
  });

  it('is the higher of the global role and the grant', () => {
    expect(roleOn(principal('none', 'u', [{ agentId: A, role: 'viewer' }]), A)).toBe('viewer');
    expect(roleOn(principal('viewer', 'u', [{ agentId: A, role: 'operator' }]), A)).toBe('operator');
    expect(roleOn(principal('operator', 'u', [{ agentId: A, role: 'viewer' }]), A)).toBe('operator');
    expect(roleOn(principal('admin', 'u', [{ agentId: A, role: 'viewer' }]), A)).toBe('admin');
  });

  it('gives a grant on one host nothing on another', () => {
    expect(roleOn(principal('none', 'u', [{ agentId: A, role: 'operator' }]), B)).toBe('none');
  });
});

describe('what a user may see and do', () => {
  const granted = principal('none', 'u', [
    { agentId: A, role: 'viewer' },
    { agentId: B, role: 'operator' },
  ]);

  it('sees granted hosts only when its role is none', () => {
    expect(canSee(granted, A)).toBe(true);
    expect(canSee(granted, 'agt_c')).toBe(false);
    expect(canSee(principal('viewer'), 'agt_c')).toBe(true);
    expect(seesEveryHost(granted)).toBe(false);
    expect(seesEveryHost(principal('viewer'))).toBe(true);
  });

  it('operates where it is operator, globally or by grant', () => {
    expect(canOperateOn(granted, A)).toBe(false);
    expect(canOperateOn(granted, B)).toBe(true);
    expect(canOperateOn(principal('operator'), A)).toBe(true);
    expect(canOperateOn(principal('viewer'), A)).toBe(false);
    expect(canOperateSomewhere(granted)).toBe(true);
    expect(canOperateSomewhere(principal('viewer', 'u', [{ agentId: A, role: 'viewer' }]))).toBe(false);
  });

  it('hears of fleet events of hosts it sees only, a removal included', () => {
    const viewerOfA = principal('none', 'u', [{ agentId: A, role: 'viewer' }]);
    expect(canSeeEvent(viewerOfA, { type: 'agent.revoked', agentId: A })).toBe(true);
    expect(canSeeEvent(viewerOfA, { type: 'agent.revoked', agentId: B })).toBe(false);
    expect(
      canSeeEvent(viewerOfA, { type: 'container.removed', agentId: B, containerId: 'c'.repeat(64) }),
    ).toBe(false);
  });
});
