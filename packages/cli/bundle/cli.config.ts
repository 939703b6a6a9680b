import { fileURLToPath } from 'node:url';
import { defineConfig } from 'rolldown';
import { compileCachedBody } from './compile-cached-body.ts';
import { directBarrelImports } from './direct-barrel-imports.ts';
import { lazyBuiltins } from './lazy-builtins.ts';

// The whole `bosun` command as one file (dist/bosun.mjs) that runs on Node 20.6 or newer without
// node_modules: what a workstation downloads from its manager and what the workspace's bin runs.
// Each command's work is a module evaluated when the command first runs (its definition loads it
// with `await import()`, kept in this one file), so `bosun ps` never evaluates the manager or the
// agent; the first two plugins keep Node's built-ins and the protocol's schemas from defeating
// that, and the third lets the file run directly use Node's compile cache.
// Built by `npm run build:cli`; `npm test`, `npm start` and `npm run bench` rebuild it when its
// sources changed. BOSUN_BUNDLE_MINIFY=0 keeps names readable, for CPU profiles.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const leftOut = here('./left-out-module.cjs');

export default defineConfig({
  input: here('../bin/bosun.ts'),
  platform: 'node',
  plugins: [
    lazyBuiltins(),
    directBarrelImports('@bosun/protocol', here('../../protocol/src/index.ts')),
    compileCachedBody(),
  ],
  resolve: {
    alias: {
      '@grpc/grpc-js': leftOut,
      '@grpc/proto-loader': leftOut,
      ssh2: leftOut,
      protobufjs: leftOut,
    },
  },
  output: {
    file: here('../dist/bosun.mjs'),
    format: 'esm',
    minify: process.env.BOSUN_BUNDLE_MINIFY !== '0',
    codeSplitting: false,
  },
});
