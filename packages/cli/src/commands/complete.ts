import { Command } from 'commander';

/**
 * `bosun __complete hosts|containers PREFIX`, hidden: the names completion scripts offer, one per
 * line, from the manager of the saved login. It never fails aloud: a shell prints whatever a
 * completion writes, so any error (not logged in, manager down, slow) prints nothing.
 */
export function completeCommand(): Command {
  return new Command('__complete')
    .argument('<kind>', 'hosts or containers')
    .argument('[prefix]', 'what the word typed so far starts with', '')
    .helpOption(false)
    .action(async (kind: string, prefix: string) => {
      const { runComplete } = await import('./complete-run.ts');
      await runComplete(kind, prefix);
    });
}
