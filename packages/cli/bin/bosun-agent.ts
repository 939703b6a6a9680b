#!/usr/bin/env node
// `bosun agent` on its own: `bosun-agent --manager URL` takes the same options and variables.
// This is what the single-file agent (dist/bosun-agent.mjs) is built from.
// First, before anything compiles a regular expression: see the module.
import '../src/regexp-linear-fallback.ts';
import { agentCommand } from '../src/commands/agent.ts';
import { runProgram } from '../src/main.ts';

await runProgram(agentCommand('bosun-agent').showHelpAfterError('(run with --help for usage)'), process.argv);
