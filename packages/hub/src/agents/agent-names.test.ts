import { AGENT_NAME_PATTERN } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { isAgentIdRef } from './agent-ids.ts';
import { sanitizeAgentName, uniqueAgentName } from './agent-names.ts';

describe('sanitizeAgentName', () => {
  it.each([
    ['web-1', 'web-1'],
    ['web 1.example.com', 'web-1.example.com'],
    ['ünïcode host!!', 'n-code-host'],
    ['///', 'agent'],
    ['', 'agent'],
    ['-.leading', 'leading'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeAgentName(raw)).toBe(expected);
  });

  it('always yields a valid name, at most 64 characters', () => {
    const name = sanitizeAgentName(`${'a'.repeat(63)} b`);
    expect(name).toMatch(AGENT_NAME_PATTERN);
    expect(name.length).toBeLessThanOrEqual(64);
  });
});

describe('uniqueAgentName', () => {
  it('suffixes -2, -3… and keeps within 64 characters', () => {
    expect(uniqueAgentName('web', new Set())).toBe('web');
    expect(uniqueAgentName('web', new Set(['web', 'web-2']))).toBe('web-3');
    const long = 'x'.repeat(64);
    const unique = uniqueAgentName(long, new Set([long]));
    expect(unique).toHaveLength(64);
    expect(unique.endsWith('-2')).toBe(true);
  });
});

describe('names that would read as agent ids', () => {
  it.each([
    ['agt_7Hq2xV9kLmAbCdEf', 'agt-7Hq2xV9kLmAbCdEf'],
    ['AGT_x', 'AGT-x'],
    ['agt_', 'agt'],
    ['agt_-x', 'agt-x'],
    ['agt-x', 'agt-x'],
    ['my-agt_x', 'my-agt_x'],
  ])('%j → %j', (raw, expected) => {
    const name = sanitizeAgentName(raw);
    expect(name).toBe(expected);
    expect(isAgentIdRef(name)).toBe(false);
  });
});

describe('uniqueAgentName ignores case', () => {
  it('counts WEB as taken when web is', () => {
    expect(uniqueAgentName('WEB', new Set(['web']))).toBe('WEB-2');
  });
});
