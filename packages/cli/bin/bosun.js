#!/usr/bin/env node
// `bosun` in a checkout: npm links this file as the workspace's bin at install, before anything
// is built, so it stays plain JavaScript that runs on Node 20 as well as 24, and starts the single
// file dist/bosun.mjs (scripts/ensure-cli.sh builds it) the way a workstation runs it.
import { existsSync } from 'node:fs';
import module from 'node:module';

const single = new URL('../dist/bosun.mjs', import.meta.url);
if (!existsSync(single)) {
  process.stderr.write('bosun: the bosun command is not built yet: run npm run build:cli in the checkout\n');
  process.exit(1);
}
// Node 22.1 and later keep the compiled code on disk (NODE_COMPILE_CACHE, else the system's temporary
// folder) and skip compiling the large single file on the next start; Node 20 has no such cache.
module.enableCompileCache?.();
await import(single.href);
