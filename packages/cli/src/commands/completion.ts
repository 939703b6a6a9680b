import { Argument, Command } from 'commander';

/** `bosun completion bash|zsh|fish`: the shell's completion script, on stdout. */
export function completionCommand(): Command {
  return new Command('completion')
    .description(
      'Print the shell completion script for bash, zsh or fish (commands, flags, host and container names).',
    )
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Install:
  bash  bosun completion bash > ~/.local/share/bash-completion/completions/bosun
  zsh   add to ~/.zshrc: source <(bosun completion zsh)
  fish  bosun completion fish > ~/.config/fish/completions/bosun.fish
Host and container names come from the manager of the saved login (bosun login).
`,
    )
    .action(async (shell: 'bash' | 'zsh' | 'fish', _options: unknown, command: Command) => {
      const { runCompletion } = await import('./completion-run.ts');
      // The script is made from the whole program, so it lists exactly the commands it has.
      runCompletion(shell, command.parent ?? command);
    });
}
