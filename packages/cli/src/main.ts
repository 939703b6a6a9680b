import { Command, CommanderError } from 'commander';
import { EXIT } from './cli-errors.ts';
import { agentCommand } from './commands/agent.ts';
import { auditCommand } from './commands/audit.ts';
import { completeCommand } from './commands/complete.ts';
import { completionCommand } from './commands/completion.ts';
import { controlCommands } from './commands/control.ts';
import { eventsCommand } from './commands/events.ts';
import { hostsCommand } from './commands/hosts.ts';
import { inspectCommand } from './commands/inspect.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand } from './commands/logout.ts';
import { logsCommand } from './commands/logs.ts';
import { managerCommand } from './commands/manager.ts';
import { psCommand } from './commands/ps.ts';
import { searchCommand } from './commands/search.ts';
import { statusCommand } from './commands/status.ts';
import { tokenCommand } from './commands/token.ts';
import { usersCommand } from './commands/users.ts';
import { versionCommand } from './commands/version.ts';
import { CLI_VERSION } from './version.ts';

/** Every `bosun` command, assembled. */
export function buildProgram(): Command {
  const program = new Command('bosun')
    .description('See, control and live-tail the Docker containers of many machines.')
    .version(CLI_VERSION, '-V, --version', 'print the version of bosun')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(agentCommand());
  program.addCommand(managerCommand());
  for (const command of [
    loginCommand(),
    logoutCommand(),
    tokenCommand(),
    hostsCommand(),
    psCommand(),
    searchCommand(),
    logsCommand(),
    inspectCommand(),
    eventsCommand(),
    statusCommand(),
    auditCommand(),
    usersCommand(),
    versionCommand(),
    completionCommand(),
  ]) {
    program.addCommand(command);
  }
  for (const command of controlCommands()) program.addCommand(command);
  program.addCommand(completeCommand(), { hidden: true });
  return program;
}

/**
 * Runs `bosun` on `argv` (`process.argv`, with node and the script first); errors become one line
 * on stderr and the exit code, set on `process.exitCode` rather than exiting, so output drains.
 */
export async function main(argv: readonly string[]): Promise<void> {
  await runProgram(buildProgram(), argv);
}

/** Runs a program, turning every error into one line on stderr and its exit code. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<void> {
  throwInsteadOfExit(program);
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed help or the usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    // Loaded only on failure: it pulls in the protocol's errors, which `bosun --version` needs not.
    const { describeError, exitCodeFor } = await import('./exit-codes.ts');
    process.stderr.write(`bosun: ${describeError(err)}\n`);
    process.exitCode = exitCodeFor(err);
  }
}

// Commander passes exitOverride on only to subcommands made with .command(), not to those added
// with addCommand: without this, a bad flag of `bosun ps` exited 1 from inside Commander, not 2.
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
}
