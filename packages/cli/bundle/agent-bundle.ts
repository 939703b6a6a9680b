import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'rolldown';

// `bosun agent` as one file for hosts: no npm install, no TypeScript stripping at start, and
// without the modules it never uses (see left-out-module.cjs). agent.config.ts builds it into
// dist/bosun-agent.mjs; tests build the same file elsewhere, e.g. with another version.
// BOSUN_BUNDLE_MINIFY=0 keeps names readable, for CPU profiles of the agent.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const leftOut = here('./left-out-module.cjs');

/** Where `npm run build:agent` writes the single-file agent. */
export const AGENT_BUNDLE_FILE = here('../dist/bosun-agent.mjs');

/** The version module every part reads `BOSUN_VERSION` from, for plugins that stand in for it. */
export const VERSION_MODULE = here('../../protocol/src/version.ts');

/** Rolldown's options for the single-file agent, written to `file`. */
export function agentBundleOptions(file: string = AGENT_BUNDLE_FILE): BuildOptions {
  return {
    input: here('../bin/bosun-agent.ts'),
    platform: 'node',
    resolve: {
      alias: { '@grpc/grpc-js': leftOut, '@grpc/proto-loader': leftOut, ssh2: leftOut },
    },
    output: {
      file,
      format: 'esm',
      minify: process.env.BOSUN_BUNDLE_MINIFY !== '0',
      codeSplitting: false,
    },
  };
}
