import { fileURLToPath } from 'node:url';
import { defineConfig } from 'rolldown';
import { lazyBuiltins } from './lazy-builtins.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const leftOut = here('./left-out-module.cjs');

export default defineConfig({
  input: here('../bin/bosun.ts'),
  platform: 'node',
  plugins: [lazyBuiltins()],
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
