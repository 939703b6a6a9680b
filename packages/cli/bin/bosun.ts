#!/usr/bin/env node
// First, before anything compiles a regular expression: see the module.
import '../src/regexp-linear-fallback.ts';
import { main } from '../src/main.ts';

await main(process.argv);
