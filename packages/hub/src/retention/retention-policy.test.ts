import { ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { isRetained, retentionPolicySetting } from './retention-policy.ts';

describe('retentionPolicySetting', () => {
  it('takes a policy with spaces around it', () => {
    expect(retentionPolicySetting(' all ', '--retain')).toBe('all');
    expect(retentionPolicySetting('none', 'BOSUN_RETAIN')).toBe('none');
  });

  it('refuses anything else as invalid_data, naming the setting and what it takes', () => {
    const refused = () => retentionPolicySetting('some', 'BOSUN_RETAIN');
    expect(refused).toThrow(ProtocolError);
    expect(refused).toThrow('BOSUN_RETAIN "some": expected all, labelled (the default) or none');
  });
});

describe('isRetained', () => {
  it('follows the label under labelled and all, and nothing under none', () => {
    expect(isRetained('labelled', {})).toBe(false);
    expect(isRetained('labelled', { 'bosun.retain': 'true' })).toBe(true);
    expect(isRetained('all', {})).toBe(true);
    expect(isRetained('all', { 'bosun.retain': 'false' })).toBe(false);
    expect(isRetained('none', { 'bosun.retain': 'true' })).toBe(false);
  });
});
