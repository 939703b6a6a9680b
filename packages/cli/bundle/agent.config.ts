import { fileURLToPath } from 'node:url';
import { defineConfig } from 'rolldown';
import { rawText } from './raw-text.ts';

// `bosun agent` as one file (dist/bosun-agent.mjs) for hosts: no npm install, no TypeScript
// stripping at start, and without the modules it never uses (see left-out-module.cjs). Built by
// `npm run build:agent`; `npm test` and `npm run bench` rebuild it when its sources changed.
// BOSUN_BUNDLE_MINIFY=0 keeps names readable, for CPU profiles of the agent.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const leftOut = here('./left-out-module.cjs');

export default defineConfig({
  input: here('../bin/bosun-agent.ts'),
  platform: 'node',
  // What the bundle reaches through main.ts's command table imports deploy/ files as text.
  plugins: [rawText()],
  resolve: {
    alias: { '@grpc/grpc-js': leftOut, '@grpc/proto-loader': leftOut, ssh2: leftOut },
  },
  output: {
    file: here('../dist/bosun-agent.mjs'),
    format: 'esm',
    minify: process.env.BOSUN_BUNDLE_MINIFY !== '0',
    codeSplitting: false,
  },
});
