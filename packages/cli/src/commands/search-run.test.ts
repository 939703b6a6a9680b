import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.ts';
import { type SearchOptions, searchPath } from './search-run.ts';

const defaults: SearchOptions = { since: '24h', limit: '100', format: 'text' };
const paramsOf = (path: string) => Object.fromEntries(new URL(path, 'http://m').searchParams);

describe('searchPath', () => {
  it('asks the manager with the query, time, targets and filters', () => {
    const path = searchPath('connection reset', ['db-1/web', 'db-2', 'shop/api#1'], {
      ...defaults,
      regex: true,
      caseSensitive: true,
      host: ['db-3'],
      stream: 'stderr',
      level: ['error', 'warn'],
      until: '1h',
      limit: '5',
    });
    expect(paramsOf(path)).toEqual({
      q: 'connection reset',
      since: '24h',
      until: '1h',
      limit: '5',
      regex: 'true',
      caseSensitive: 'true',
      hosts: 'db-3,db-1,db-2',
      containers: 'web,shop/api#1',
      streams: 'stderr',
      levels: 'error,warn',
    });
  });

  it('refuses a limit out of range and a bad target before asking', () => {
    expect(() => searchPath('x', [], { ...defaults, limit: '1001' })).toThrow(UsageError);
    expect(() => searchPath('x', ['a/b/c'], defaults)).toThrow(UsageError);
  });
});
