import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every start of `bosun` evaluates what its entry imports statically: main, every command's
// definition and the light helpers they use. A command's real work lives in its `-run.ts` module,
// loaded in the action, so `bosun --version` or `bosun ps` never evaluates zod, the protocol's
// schemas, the agent, the manager or the log pipeline they do not use.

const HEAVY = [
  'zod',
  '@bosun/protocol',
  '@bosun/hub',
  '@bosun/api',
  '@bosun/server',
  '@bosun/agent',
  'ws',
  'pino',
  'dockerode',
  'hono',
  '@hono/node-server',
  're2js',
];

const SRC = dirname(fileURLToPath(import.meta.url));
const PACKAGE = resolve(SRC, '..');
// main.ts is loaded with `await import()` (past the entry's `--version` answer) by every command.
const ENTRIES = ['../bin/bosun.ts', 'main.ts', '../bin/bosun-agent.ts'].map((entry) => resolve(SRC, entry));

/** The modules a file imports statically, for its value: `import type` and `export type` are erased. */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

// The version module holds one string and imports nothing.
const LIGHT = ['@bosun/protocol/version'];

function isHeavy(specifier: string): boolean {
  if (LIGHT.includes(specifier)) return false;
  return HEAVY.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/** Each heavy import reachable from the entries, with the chain of files that leads to it. */
function heavyChains(): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: readonly string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const name = file.slice(PACKAGE.length + 1);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) {
        visit(resolve(dirname(file), specifier), [...chain, name]);
      } else if (isHeavy(specifier)) {
        found.push([...chain, name, specifier].join(' -> '));
      }
    }
  };
  for (const entry of ENTRIES) visit(entry, []);
  return found;
}

describe('what every start of bosun loads', () => {
  it('imports nothing heavy statically: commands load their work in the action', () => {
    expect(heavyChains()).toEqual([]);
  });

  it('would notice a heavy import', () => {
    expect(staticImports(resolve(SRC, 'commands/ps-run.ts'))).toContain('../exit-codes.ts');
    expect(staticImports(resolve(SRC, 'exit-codes.ts')).some(isHeavy)).toBe(true);
  });
});
