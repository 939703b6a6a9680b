import { sha256Hex } from '@bosun/hub';
import { TOKEN_PATTERN } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  API_TOKEN_PATTERN,
  hashToken,
  isApiToken,
  newApiToken,
  newSessionToken,
  SESSION_TOKEN_PATTERN,
} from './tokens.ts';

describe('tokens', () => {
  it('makes 43-character base64url session tokens, all different', () => {
    const tokens = new Set(Array.from({ length: 100 }, newSessionToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(t).toMatch(SESSION_TOKEN_PATTERN);
  });

  it('makes bsn_-prefixed API tokens that fit the protocol token pattern', () => {
    const token = newApiToken();
    expect(token).toMatch(API_TOKEN_PATTERN);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token.startsWith('bsn_')).toBe(true);
    expect(isApiToken(token)).toBe(true);
    expect(isApiToken(newSessionToken())).toBe(false);
    expect(isApiToken(`${token}x`)).toBe(false);
    expect(newApiToken()).not.toBe(token);
  });

  it('hashes with SHA-256 to lower-case hex, as the hub does', async () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const token of [newApiToken(), newSessionToken(), 'ünïcødé']) {
      expect(hashToken(token)).toBe(await sha256Hex(token));
    }
  });
});
