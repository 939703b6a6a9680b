import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The import rules (biome's noRestrictedImports, per package in import-rules.json) run on small
// files, each importing one module from one place in a copy of the tree's layout: an import
// against the arrows of ARCHITECTURE.md must fail the lint, one along them must pass.

type Case = { from: string; imports: string; allowed: boolean };

const CASES: Case[] = [
  { from: 'packages/protocol/src', imports: 'zod', allowed: true },
  { from: 'packages/protocol/src/safe-pattern', imports: 're2js', allowed: true },
  { from: 'packages/protocol/src', imports: 'ws', allowed: false },
  { from: 'packages/protocol/src', imports: '@bosun/hub', allowed: false },
  { from: 'packages/protocol/src', imports: 'node:crypto', allowed: false },
  { from: 'packages/protocol/src', imports: 'fs', allowed: false },

  { from: 'packages/hub/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/hub/src/logs', imports: '../ports/store.ts', allowed: true },
  { from: 'packages/hub/src', imports: 'node:fs', allowed: false },
  { from: 'packages/hub/src', imports: 'ws', allowed: false },
  { from: 'packages/hub/src', imports: 'hono', allowed: false },
  { from: 'packages/hub/src', imports: '@hono/node-server', allowed: false },
  { from: 'packages/hub/src', imports: 'node:sqlite', allowed: false },
  { from: 'packages/hub/src', imports: 'dockerode', allowed: false },
  { from: 'packages/hub/src', imports: '@bosun/server', allowed: false },
  { from: 'packages/hub/src', imports: '../../agent/src/index.ts', allowed: false },

  { from: 'packages/api/src', imports: '@bosun/hub', allowed: true },
  { from: 'packages/api/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/api/src', imports: 'hono', allowed: true },
  { from: 'packages/api/src', imports: 'zod', allowed: true },
  { from: 'packages/api/src', imports: 'node:crypto', allowed: false },
  { from: 'packages/api/src', imports: '@hono/node-server', allowed: false },
  { from: 'packages/api/src', imports: '@bosun/server', allowed: false },

  { from: 'packages/agent/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/agent/src', imports: 'dockerode', allowed: true },
  { from: 'packages/agent/src', imports: 'node:http', allowed: true },
  { from: 'packages/agent/src', imports: '@bosun/hub', allowed: false },
  { from: 'packages/agent/src', imports: '@bosun/server', allowed: false },

  { from: 'packages/web/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/web/src', imports: 'react', allowed: true },
  { from: 'packages/web/src', imports: 'node:path', allowed: false },
  { from: 'packages/web/src', imports: '@bosun/hub', allowed: false },
  { from: 'packages/web/src/app', imports: '../features/logs/index.ts', allowed: true },
  { from: 'packages/web/src/app', imports: '../features/logs/components/logs-page.tsx', allowed: false },
  { from: 'packages/web/src/features/fleet/components', imports: '../../logs/index.ts', allowed: true },
  {
    from: 'packages/web/src/features/fleet/components',
    imports: '../../logs/model/level.ts',
    allowed: false,
  },
  { from: 'packages/web/src/features/logs/model', imports: '../testing/fake-socket.ts', allowed: false },
  { from: 'packages/web/src/features/logs/testing', imports: '../model/log-session.ts', allowed: true },

  { from: 'packages/log-store-sql/src', imports: '@bosun/hub', allowed: true },
  { from: 'packages/log-store-sql/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/log-store-sql/src', imports: 'node:sqlite', allowed: false },
  { from: 'packages/log-store-sql/src', imports: 'cloudflare:workers', allowed: false },
  { from: 'packages/log-store-sql/src', imports: '@bosun/server', allowed: false },

  { from: 'packages/store-sql/src', imports: '@bosun/hub', allowed: true },
  { from: 'packages/store-sql/src', imports: '@bosun/protocol', allowed: true },
  { from: 'packages/store-sql/src', imports: 'node:sqlite', allowed: false },
  { from: 'packages/store-sql/src', imports: 'cloudflare:workers', allowed: false },
  { from: 'packages/store-sql/src', imports: '@bosun/api', allowed: false },

  { from: 'packages/server/src', imports: '@bosun/hub', allowed: true },
  { from: 'packages/server/src', imports: '@bosun/log-store-sql', allowed: true },
  { from: 'packages/server/src', imports: '@bosun/store-sql', allowed: true },
  { from: 'packages/server/src', imports: '@bosun/hub/testing', allowed: true },
  { from: 'packages/server/src', imports: '@bosun/api', allowed: true },
  { from: 'packages/server/src', imports: '@bosun/agent', allowed: false },
  { from: 'packages/server/src', imports: '@bosun/cli', allowed: false },
  { from: 'packages/server/src/auth', imports: '../../../hub/src/secrets.ts', allowed: false },

  { from: 'packages/cli/src', imports: '@bosun/agent', allowed: true },
  { from: 'packages/cli/src', imports: '@bosun/server', allowed: true },
  { from: 'packages/cli/bin', imports: '../src/main.ts', allowed: true },
  { from: 'packages/cli/src', imports: '@bosun/hub', allowed: true },
  { from: 'packages/cli/src', imports: '@bosun/web', allowed: false },

  { from: 'tests/kit', imports: '@bosun/hub/testing', allowed: true },
  { from: 'tests/kit', imports: '../../packages/hub/src/testing/index.ts', allowed: false },
  { from: 'tests/kit', imports: '@bosun/agent/src/logs/outbound-log-queue.ts', allowed: false },
  { from: 'bench', imports: '@bosun/agent', allowed: true },
  { from: 'bench/lib', imports: '../../packages/agent/src/logs/docker-frame-demuxer.ts', allowed: false },
];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIOME = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const RULE = 'lint/style/noRestrictedImports';

let tree: string;
// Per probe file, the messages of the import rule biome reported for it.
const refusals = new Map<string, string[]>();

function probePath(index: number, c: Case): string {
  return join(c.from, `probe-${index}.ts`);
}

/** Runs biome's linter over the copied tree; its exit code only says whether anything failed. */
function lint(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIOME, 'lint', '--reporter=github', '--max-diagnostics=none', '.'],
      { cwd, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout) => resolve(stdout),
    );
  });
}

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), 'bosun-import-rules-'));
  for (const config of ['biome.json', 'lint/import-rules.json']) {
    await mkdir(dirname(join(tree, config)), { recursive: true });
    await copyFile(join(ROOT, config), join(tree, config));
  }
  for (const [index, c] of CASES.entries()) {
    const file = join(tree, probePath(index, c));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `import { value } from '${c.imports}';\n\nexport const probe = value;\n`);
  }
  // `::error title=<category>,file=<absolute path>,line=…::<message>` per diagnostic.
  for (const line of (await lint(tree)).split('\n')) {
    const match = /^::error title=([^,]+),file=([^,]+),.*?::(.*)$/.exec(line);
    if (match === null || match[1] !== RULE) continue;
    const file = match[2]!.slice(tree.length + 1);
    refusals.set(file, [...(refusals.get(file) ?? []), match[3]!]);
  }
});

afterAll(async () => {
  if (tree) await rm(tree, { recursive: true, force: true });
});

describe('import rules', () => {
  const table = CASES.map((c, index) => ({
    c,
    index,
    from: c.from,
    imports: c.imports,
    verdict: c.allowed ? 'allowed' : 'refused',
  }));
  it.each(table)('$from importing $imports is $verdict', ({ c, index }) => {
    const messages = refusals.get(probePath(index, c)) ?? [];
    if (c.allowed) expect(messages).toEqual([]);
    else expect(messages.length, 'the lint refuses this import').toBeGreaterThan(0);
  });

  it('names the rule the import breaks', () => {
    const index = CASES.findIndex((c) => c.from === 'packages/hub/src' && c.imports === 'ws');
    expect(refusals.get(probePath(index, CASES[index]!))).toContainEqual(
      expect.stringContaining('the hub is runtime-agnostic'),
    );
  });
});
