import type { Command } from 'commander';
import { type CompletionShell, completionScript } from '../client/completion-scripts.ts';
import { completionSpecs } from '../client/completion-spec.ts';

/** The body of `bosun completion`: writes the script for `shell`, made from `program`. */
export function runCompletion(shell: CompletionShell, program: Command): void {
  process.stdout.write(completionScript(shell, completionSpecs(program), program.name()));
}
