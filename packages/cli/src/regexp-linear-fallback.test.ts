import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe('the linear regexp fallback of bosun processes', () => {
  // Without the flags, `auto` would run on re2js and `native` would not finish in a lifetime.
  it('lets V8 finish (a+)+$ on a 100 KiB line of a ending in b, in a process set up as bosun starts', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [here('./testing/catastrophic-match.ts')],
      {
        timeout: 60_000,
        maxBuffer: 1024 * 1024,
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      auto: { runsOn: 'native', matched: false },
      native: { runsOn: 'native', matched: false },
    });
  }, 90_000);

  it('is what each bosun entry imports first', async () => {
    for (const entry of ['../bin/bosun.ts', '../bin/bosun-agent.ts']) {
      const source = await readFile(here(entry), 'utf8');
      const firstImport = source.split('\n').find((line) => line.startsWith('import '));
      expect({ entry, firstImport }).toEqual({
        entry,
        firstImport: "import '../src/regexp-linear-fallback.ts';",
      });
    }
  });
});
