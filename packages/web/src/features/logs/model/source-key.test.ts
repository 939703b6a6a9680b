import { describe, expect, it } from 'vitest';
import { parseSourceKey } from './source-key.ts';

describe('parseSourceKey', () => {
  it('splits at the first slash', () => {
    expect(parseSourceKey('host-1/web')).toEqual({ agent: 'host-1', container: 'web' });
    expect(parseSourceKey('h/3f2a9c')).toEqual({ agent: 'h', container: '3f2a9c' });
  });

  it.each([
    ['web', '"web" is not <host>/<container>'],
    ['/web', '"" is not a valid host name'],
    ['host/', '"" is not a valid container name or id'],
    ['host/a/b', '"a/b" is not a valid container name or id'],
    ['ho st/web', '"ho st" is not a valid host name'],
  ])('refuses %j', (key, error) => {
    expect(parseSourceKey(key)).toEqual({ error });
  });
});
