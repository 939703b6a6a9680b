import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellWord } from './shell-word.ts';

// What `sh` makes of the word: printf prints each argument on a line of its own.
function shellReads(word: string): string[] {
  return execFileSync('sh', ['-c', `printf '%s\\n' ${word}`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, -1);
}

describe('shellWord', () => {
  it('leaves URLs, image names and tokens as they are', () => {
    expect(shellWord('https://bosun.example.com:8443')).toBe('https://bosun.example.com:8443');
    expect(shellWord('bosun-agent:0.2.0')).toBe('bosun-agent:0.2.0');
    expect(shellWord('abc_DEF-123')).toBe('abc_DEF-123');
  });

  it.each(['a b', "it's", '$(reboot)', '`id`; rm -rf /', "'", ''])(
    'quotes %j so sh reads it back as one word',
    (value) => {
      expect(shellReads(shellWord(value))).toEqual([value]);
    },
  );
});
