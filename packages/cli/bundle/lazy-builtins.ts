import { builtinModules, createRequire } from 'node:module';
import type { Plugin } from 'rolldown';

const PREFIX = '\0bosun-lazy-builtin:';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// Imported at start by commander (for subcommands that are programs of their own, which bosun has
// none of) but used by nothing else at start: its default import is a stand-in that loads the
// built-in on first use.
const ON_FIRST_USE = new Set(['child_process']);
const require = createRequire(import.meta.url);

/**
 * Node's built-in modules, loaded when the part of the bundle that uses them first runs instead of
 * when the file starts. A bundle hoists every `import … from 'node:http'` of every module, however
 * lazily that module is evaluated, to its top, and loading the built-ins the whole CLI uses (http,
 * https, tls, crypto, zlib, worker_threads, …) took longer than running `bosun --version`. Each
 * import becomes a small module that takes the built-in with `require` once evaluated; the names
 * it exports are those of the Node that builds the bundle. A built-in missing at run time (node:sqlite
 * before Node 22) fails when the code that needs it loads, not when the file starts.
 */
export function lazyBuiltins(): Plugin {
  return {
    name: 'bosun-lazy-builtins',
    resolveId(source, _importer, extra) {
      // `require('events')` in CommonJS packages already loads when it runs, and wants the
      // module itself, not a namespace of its names.
      if (extra.kind !== 'import-statement') return null;
      const name = source.startsWith('node:') ? source.slice('node:'.length) : source;
      if (name === 'module' || !isBuiltin(source, name)) return null;
      return { id: `${PREFIX}${name}`, moduleSideEffects: false };
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      const names = Object.keys(require(`node:${name}`) as object).filter(
        (key) => key !== 'default' && IDENTIFIER.test(key),
      );
      const load = `createRequire(import.meta.url)(${JSON.stringify(`node:${name}`)})`;
      if (ON_FIRST_USE.has(name)) {
        return [
          "import { createRequire } from 'node:module';",
          'let builtin;',
          `const load = () => (builtin ??= ${load});`,
          'export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });',
        ].join('\n');
      }
      // One export per name, each a pure call, so the bundle keeps only the names its code uses:
      // reading every name at once ran the lazy getters of the built-ins (process.report,
      // util.parseArgs, …), which load modules of their own.
      return [
        "import { createRequire } from 'node:module';",
        `const builtin = ${load};`,
        'const take = (key) => builtin[key];',
        'export default builtin;',
        ...names.map((key) => `export const ${key} = /* @__PURE__ */ take(${JSON.stringify(key)});`),
      ].join('\n');
    },
  };
}

function isBuiltin(source: string, name: string): boolean {
  return source.startsWith('node:') || builtinModules.includes(name);
}
