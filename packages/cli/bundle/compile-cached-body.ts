import type { Plugin } from 'rolldown';

/**
 * Puts the bundle's code in a string behind a short prelude, so that the file run directly still
 * gets Node's compile cache: a module can turn the cache on only for modules loaded after it, and
 * the bundle run as it is would be compiled (parsed in full, about 40 ms for the whole CLI) before
 * any of its code could ask for the cache. The prelude turns the cache on and imports the same
 * file with `?body`, which a load hook answers with the string; scanning the string costs little
 * and the import is cached by its URL and source, so a second start skips the parse. The body
 * keeps a file URL, so `import.meta.url` still names this file (its query aside). Node 22.15 and
 * later hook in the same thread (`module.registerHooks`); older ones take the hook on a thread
 * of its own (`module.register`, Node 20.6), which costs that thread's start, and have no cache.
 */
export function compileCachedBody(): Plugin {
  return {
    name: 'bosun-compile-cached-body',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') output.code = withPrelude(output.code);
      }
    },
  };
}

// The hooks of `module.register`, as a data: URL module (it runs on the loader thread).
const THREAD_HOOKS = [
  'let served;',
  'export function initialize(data) { served = data; }',
  'export async function load(url, context, next) {',
  "  return url === served.url ? { format: 'module', source: served.source, shortCircuit: true } : next(url, context);",
  '}',
].join('\n');

/** The file `code` (a bundle) becomes: the prelude above, with `code` as its string. */
export function withPrelude(code: string): string {
  const body = code.replace(/^#!.*\n/, '');
  return [
    '#!/usr/bin/env node',
    "import module from 'node:module';",
    '// The CLI itself is this string, compiled once Node’s compile cache is on (see the end).',
    `const source = ${JSON.stringify(body)};`,
    "const url = import.meta.url.replace(/[?#].*$/, '') + '?body';",
    'if (module.registerHooks) {',
    '  module.enableCompileCache?.();',
    '  module.registerHooks({',
    "    load: (at, context, next) => (at === url ? { format: 'module', source, shortCircuit: true } : next(at, context)),",
    '  });',
    '} else if (module.register) {',
    `  module.register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(THREAD_HOOKS)}`)}, { data: { url, source } });`,
    '} else {',
    "  process.stderr.write('bosun: needs Node 20.6 or newer (this is Node ' + process.versions.node + ')\\n');",
    '  process.exit(2);',
    '}',
    'await import(url);',
    '',
  ].join('\n');
}
