import { describe, expect, it } from 'vitest';
import { CredentialChanges } from './credential-changes.ts';

describe('CredentialChanges', () => {
  it('tells every listener, even when one throws, and forgets those that unsubscribe', () => {
    const changes = new CredentialChanges();
    const heard: string[] = [];
    changes.subscribe(() => {
      heard.push('a');
      throw new Error('boom');
    });
    const off = changes.subscribe(() => heard.push('b'));
    changes.withdrawn();
    off();
    changes.withdrawn();
    expect(heard).toEqual(['a', 'b', 'a']);
    expect(changes.listeners).toBe(1);
  });
});
