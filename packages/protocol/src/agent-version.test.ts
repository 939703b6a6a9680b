import { describe, expect, it } from 'vitest';
import { compareVersions, isOlderVersion, isOutdatedAgent } from './agent-version.ts';
import { BOSUN_VERSION } from './version.ts';
import { PROTOCOL_VERSION } from './wire-compat.ts';

describe('compareVersions', () => {
  it.each([
    ['0.1.0', '0.2.0', -1],
    ['0.2.0', '0.2.0', 0],
    ['0.10.0', '0.9.9', 1],
    ['1.0.0', '0.99.99', 1],
    ['0.2.1', '0.2.0', 1],
  ])('orders releases by number: %s against %s is %i', (a, b, order) => {
    expect(compareVersions(a, b)).toBe(order);
  });

  it.each([
    ['0.2.0-rc.1', '0.2.0', -1],
    ['0.2.0-alpha', '0.2.0-alpha.1', -1],
    ['0.2.0-alpha.1', '0.2.0-alpha.beta', -1],
    ['0.2.0-beta.2', '0.2.0-beta.11', -1],
    ['0.2.0-rc.1', '0.1.9', 1],
  ])(
    'puts a pre-release before its release, as Semantic Versioning orders them: %s against %s is %i',
    (a, b, order) => {
      expect(compareVersions(a, b)).toBe(order);
    },
  );

  it('ignores build metadata', () => {
    expect(compareVersions('0.2.0+sha.5114f85', '0.2.0')).toBe(0);
    expect(compareVersions('0.2.0+2', '0.2.0+1')).toBe(0);
  });

  it.each(['dev', 'v0.1.0', '0.1', '0.1.0.1', '', 'latest'])(
    'says nothing of %j, which is no semantic version',
    (v) => {
      expect(compareVersions(v, '0.2.0')).toBeUndefined();
      expect(compareVersions('0.2.0', v)).toBeUndefined();
    },
  );
});

describe('isOutdatedAgent', () => {
  const current = { protocol: PROTOCOL_VERSION, agentVersion: '0.2.0' };

  it('flags an agent of an older bosun, on the current protocol', () => {
    expect(isOutdatedAgent({ ...current, agentVersion: '0.1.0' }, '0.2.0')).toBe(true);
    expect(isOutdatedAgent({ ...current, agentVersion: '0.2.0-rc.3' }, '0.2.0')).toBe(true);
  });

  it('flags an agent speaking the previous protocol, whatever its version', () => {
    expect(isOutdatedAgent({ ...current, protocol: PROTOCOL_VERSION - 1 }, '0.2.0')).toBe(true);
  });

  it('does not flag an agent as new as the manager or newer, or one whose version says nothing', () => {
    expect(isOutdatedAgent(current, '0.2.0')).toBe(false);
    expect(isOutdatedAgent({ ...current, agentVersion: '0.2.0+build.7' }, '0.2.0')).toBe(false);
    expect(isOutdatedAgent({ ...current, agentVersion: '0.3.0' }, '0.2.0')).toBe(false);
    expect(isOutdatedAgent({ ...current, agentVersion: 'dev' }, '0.2.0')).toBe(false);
  });

  it("compares with this build's version when not told another", () => {
    expect(isOlderVersion(BOSUN_VERSION)).toBe(false);
    expect(isOlderVersion('0.0.1')).toBe(true);
  });
});
