import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.ts';
import { parseHost, parseTarget } from './target.ts';

describe('parseTarget', () => {
  it('splits HOST/CONTAINER', () => {
    expect(parseTarget('db-1/web')).toEqual({ host: 'db-1', container: 'web' });
    expect(parseTarget('agt_x1/3f2a9c')).toEqual({ host: 'agt_x1', container: '3f2a9c' });
  });

  it.each([
    ['web', /expected HOST\/CONTAINER/],
    ['a/b/c', /expected HOST\/CONTAINER/],
    ['/web', /host is missing/],
    ['db-1/', /container is missing/],
    ['db 1/web', /not a host name/],
    ['db-1/.hidden', /not a container name or id/],
    ['db-1/we$b', /not a container name or id/],
  ])('refuses %j as a usage error', (value, message) => {
    expect(() => parseTarget(value)).toThrow(UsageError);
    expect(() => parseTarget(value)).toThrow(message);
  });

  it('checks a lone host the same way', () => {
    expect(parseHost('db-1')).toBe('db-1');
    expect(() => parseHost('db/1')).toThrow(UsageError);
  });
});
