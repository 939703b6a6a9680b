import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageVersion } from '../kit/index.ts';

// deploy/compose.yaml, checked as text (no YAML parser among the project's dependencies): this
// machine has no `docker compose` to run it, and its lines are few and fixed in shape.

const text = readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8');
const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));

/** The lines under `key:` at `indent` (two spaces a level), up to the next key at that indent. */
function block(key: string, indent: number, within: readonly string[] = lines): string[] {
  const pad = ' '.repeat(indent);
  const start = within.indexOf(`${pad}${key}:`);
  if (start < 0) return [];
  const rest = within.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith(`${pad}  `));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('deploy/compose.yaml', () => {
  const manager = block('manager', 2, block('services', 0));

  it('indents with spaces only, two at a time', () => {
    expect(text).not.toContain('\t');
    for (const line of lines) expect((line.length - line.trimStart().length) % 2).toBe(0);
  });

  it('runs the manager image of this version, the one npm run build:images tags', () => {
    expect(manager).toContain(`    image: bosun-manager:${imageVersion()}`);
  });

  it('publishes port 7070 and restarts unless stopped', () => {
    expect(manager).toContain('    restart: unless-stopped');
    expect(block('ports', 4, manager)).toEqual(['      - "7070:7070"']);
  });

  it("keeps the manager's data in a named volume declared at the top level", () => {
    expect(block('volumes', 4, manager)).toEqual(['      - bosun-data:/var/lib/bosun']);
    expect(block('volumes', 0)).toEqual(['  bosun-data:']);
  });

  it('passes the admin password and the public URL on from the environment', () => {
    expect(block('environment', 4, manager)).toEqual([
      '      - BOSUN_ADMIN_PASSWORD',
      '      - BOSUN_PUBLIC_URL',
    ]);
  });

  it('says how to add a host', () => {
    expect(text).toContain('Add host');
    expect(text).toContain('bosun token create');
  });
});
