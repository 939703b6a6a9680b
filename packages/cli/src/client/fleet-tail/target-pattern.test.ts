import { describe, expect, it } from 'vitest';
import { UsageError } from '../../exit-codes.ts';
import { matchContainers, matchesTarget, parseTargetPattern } from './target-pattern.ts';

const box = (agentName: string, name: string, id = 'f'.repeat(64)) => ({ agentName, name, id });

describe('parseTargetPattern', () => {
  it('keeps a plain HOST/CONTAINER a single target', () => {
    expect(parseTargetPattern('vm/api').pattern).toBe(false);
  });

  it.each(['web-*', '*/worker', 'vm/api-?', 'v*/api'])('reads %s as a pattern', (text) => {
    expect(parseTargetPattern(text).pattern).toBe(true);
  });

  it.each([
    ['a/b/c', /expected HOST\/CONTAINER/],
    ['/web', /host is missing/],
    ['vm/', /container is missing/],
    ['vm/we b', /not a name or pattern/],
    ['vm/[ab]', /not a name or pattern/],
  ])('refuses %s', (text, message) => {
    expect(() => parseTargetPattern(text)).toThrow(UsageError);
    expect(() => parseTargetPattern(text)).toThrow(message);
  });
});

describe('matchesTarget', () => {
  it('matches a bare name on every host', () => {
    const target = parseTargetPattern('api');
    expect(matchesTarget(target, box('vm', 'api'))).toBe(true);
    expect(matchesTarget(target, box('db-1', 'api'))).toBe(true);
    expect(matchesTarget(target, box('vm', 'api-2'))).toBe(false);
  });

  it('matches globs against the whole name', () => {
    const target = parseTargetPattern('web-*');
    expect(matchesTarget(target, box('vm', 'web-1'))).toBe(true);
    expect(matchesTarget(target, box('vm', 'my-web-1'))).toBe(false);
    expect(matchesTarget(parseTargetPattern('*/worker'), box('x', 'worker'))).toBe(true);
    expect(matchesTarget(parseTargetPattern('vm/w?b'), box('vm', 'web'))).toBe(true);
    expect(matchesTarget(parseTargetPattern('vm/w?b'), box('vm', 'weeb'))).toBe(false);
  });

  it('takes dots in a pattern literally', () => {
    expect(matchesTarget(parseTargetPattern('a.b/*'), box('axb', 'c'))).toBe(false);
  });

  it('matches a plain container part by id prefix too', () => {
    const id = `3f2a9c${'0'.repeat(58)}`;
    expect(matchesTarget(parseTargetPattern('vm/3f2a9c'), box('vm', 'api', id))).toBe(true);
    expect(matchesTarget(parseTargetPattern('vm/3f2a9c*'), box('vm', 'api', id))).toBe(false);
  });
});

describe('matchContainers', () => {
  it('keeps each container once, in list order', () => {
    const list = [box('a', 'web-1'), box('b', 'worker'), box('a', 'db')];
    const matched = matchContainers([parseTargetPattern('web-*'), parseTargetPattern('*/*')], list);
    expect(matched).toEqual(list);
    expect(matchContainers([parseTargetPattern('worker')], list)).toEqual([list[1]]);
  });
});
