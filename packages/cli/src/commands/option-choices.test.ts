import { AUDIT_OUTCOMES, GRANT_ROLES, ROLES } from '@bosun/protocol';
import { DEFAULT_LISTEN } from '@bosun/server';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_OUTCOME_CHOICES,
  DEFAULT_MANAGER_LISTEN,
  GRANT_ROLE_CHOICES,
  ROLE_CHOICES,
} from './option-choices.ts';

describe('the copies the command definitions offer', () => {
  it('are the roles, grant roles and audit outcomes the protocol knows', () => {
    expect(ROLE_CHOICES).toEqual(ROLES);
    expect(GRANT_ROLE_CHOICES).toEqual(GRANT_ROLES);
    expect(AUDIT_OUTCOME_CHOICES).toEqual(AUDIT_OUTCOMES);
  });

  it("is the server's default listen address", () => {
    expect(DEFAULT_MANAGER_LISTEN).toBe(DEFAULT_LISTEN);
  });
});
