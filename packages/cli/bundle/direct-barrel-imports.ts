import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'rolldown';
import ts from 'typescript';

/**
 * Rewrites `import { a, b } from '<package>'` into imports of the files of the package's barrel
 * (`index.ts`) that define `a` and `b`. In the single-file CLI a command's modules are evaluated
 * when the command first runs, and evaluating a barrel evaluates every module it re-exports: `bosun
 * ps` built every schema of the protocol (the API's, OpenAPI's, the agent's frames) to read one
 * answer. The package must be free of side effects at import (`"sideEffects": false`), so that
 * evaluating fewer of its modules changes nothing else. Imports it cannot map (a namespace import,
 * a name the barrel does not export) are left as they are.
 */
export function directBarrelImports(packageName: string, barrelFile: string): Plugin {
  let exported: Map<string, { file: string; name: string }> | undefined;
  return {
    name: 'bosun-direct-barrel-imports',
    transform: {
      filter: { id: { exclude: /node_modules/ }, code: { include: packageName } },
      handler(code, id) {
        if (!/\.[cm]?ts$/.test(id)) return null;
        exported ??= barrelExports(barrelFile);
        return rewriteImports(code, id, packageName, exported);
      },
    },
  };
}

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** Each value name the barrel exports, with the file and the name it has there. */
function barrelExports(barrelFile: string): Map<string, { file: string; name: string }> {
  const names = new Map<string, { file: string; name: string }>();
  for (const statement of parse(barrelFile).statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier) continue;
    const file = resolve(dirname(barrelFile), (statement.moduleSpecifier as ts.StringLiteral).text);
    const clause = statement.exportClause;
    if (clause === undefined) {
      for (const name of declaredExports(file)) names.set(name, { file, name });
    } else if (ts.isNamedExports(clause)) {
      for (const element of clause.elements) {
        if (element.isTypeOnly) continue;
        names.set(element.name.text, { file, name: (element.propertyName ?? element.name).getText() });
      }
    }
  }
  return names;
}

/** The names a module exports by `export const|function|class` (enough for `export *` of the barrel). */
function declaredExports(file: string): string[] {
  const names: string[] = [];
  for (const statement of parse(file).statements) {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) names.push(d.name.text);
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.push(statement.name.text);
    }
  }
  return names;
}

function rewriteImports(
  code: string,
  id: string,
  packageName: string,
  exported: Map<string, { file: string; name: string }>,
): string | null {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of parse(id, code).statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    if ((statement.moduleSpecifier as ts.StringLiteral).text !== packageName) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly || clause.name) continue;
    const bindings = clause.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const values = bindings.elements.filter((e) => !e.isTypeOnly);
    const byFile = new Map<string, string[]>();
    let mappable = true;
    for (const element of values) {
      const source = exported.get((element.propertyName ?? element.name).getText());
      if (!source) {
        mappable = false;
        break;
      }
      const local = element.name.text;
      const list = byFile.get(source.file) ?? [];
      list.push(source.name === local ? local : `${source.name} as ${local}`);
      byFile.set(source.file, list);
    }
    if (!mappable) continue;
    const text = [...byFile]
      .map(([file, list]) => `import { ${list.join(', ')} } from ${JSON.stringify(file)};`)
      .join('\n');
    edits.push({ start: statement.getStart(), end: statement.getEnd(), text });
  }
  if (edits.length === 0) return null;
  let out = code;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
