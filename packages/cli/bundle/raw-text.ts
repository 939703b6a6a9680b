import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Plugin } from 'rolldown';

const SUFFIX = '?raw';

/**
 * `import text from './file?raw'`: the file's text as the module's default export, the way the
 * test runner (Vite) reads the same import, so the manager carries deploy/install.sh and the
 * agent's unit inside its single file instead of looking for them on disk.
 */
export function rawText(): Plugin {
  return {
    name: 'bosun-raw-text',
    resolveId(source, importer) {
      if (!source.endsWith(SUFFIX) || importer === undefined) return null;
      return resolve(importer, '..', source);
    },
    async load(id) {
      if (!id.endsWith(SUFFIX)) return null;
      const text = await readFile(id.slice(0, -SUFFIX.length), 'utf8');
      return { code: `export default ${JSON.stringify(text)};`, moduleType: 'js' };
    },
  };
}
