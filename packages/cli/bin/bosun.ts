#!/usr/bin/env node
// The `bosun` command; the single file dist/bosun.mjs is built from this (bundle/cli.config.ts).
// First, before anything compiles a regular expression: see the module.
import '../src/regexp-linear-fallback.ts';
import { main } from '../src/main.ts';

await main(process.argv);
