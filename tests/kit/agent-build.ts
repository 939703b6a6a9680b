import { join } from 'node:path';
import { agentBundleOptions, VERSION_MODULE } from '@bosun/cli/agent-bundle';
import { build } from 'rolldown';

/**
 * Builds the real single-file agent into `dir` as if it were release `version`: the same options
 * as `npm run build:agent`, with the version module standing in for the one in the tree. The
 * agent then says `version` in its hello, as an older (or newer) build would. Returns the file.
 */
export async function buildAgentBundleAs(version: string, dir: string): Promise<string> {
  const file = join(dir, `bosun-agent-${version}.mjs`);
  const options = agentBundleOptions(file);
  await build({
    ...options,
    logLevel: 'warn',
    plugins: [
      options.plugins,
      {
        name: 'bosun-version-as',
        load: (id) =>
          id === VERSION_MODULE ? `export const BOSUN_VERSION = ${JSON.stringify(version)};` : undefined,
      },
    ],
  });
  return file;
}
