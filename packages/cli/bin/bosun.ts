#!/usr/bin/env node
// The `bosun` command; the single file dist/bosun.mjs is built from this (bundle/cli.config.ts).
// First, before anything compiles a regular expression: see the module.
import '../src/regexp-linear-fallback.ts';
import { CLI_VERSION } from '../src/version.ts';

const args = process.argv.slice(2);
// Exactly `bosun --version` answers before the commands are evaluated; with other arguments
// Commander prints the same version.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  const { main } = await import('../src/main.ts');
  await main(process.argv);
}
