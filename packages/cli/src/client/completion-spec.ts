import type { Command, Option } from 'commander';

/**
 * What a word can be completed with: names from the manager (`hosts`, or `containers` as
 * HOST/CONTAINER), a fixed list, a file name, or nothing known (`any`).
 */
export type ValueKind =
  | { kind: 'hosts' }
  | { kind: 'containers' }
  | { kind: 'choices'; values: readonly string[] }
  | { kind: 'file' }
  | { kind: 'any' };

/** One flag of a command, with its short and long names and what its value is. */
export type FlagSpec = {
  short?: string;
  long?: string;
  description: string;
  /** Absent for a flag without a value. */
  value?: ValueKind;
};

/** One command (or subcommand, `path` ['token', 'list']) as completion sees it. */
export type CommandSpec = {
  path: readonly string[];
  description: string;
  subcommands: readonly string[];
  flags: readonly FlagSpec[];
  /** What its arguments are; absent when it takes none worth completing. */
  positional?: ValueKind;
};

// Arguments and flag values are recognised by their names in the help (`<target>`, `[host]`,
// `--host <name>`, `--config <file>`), so a new command gets completion by naming them alike.
function argumentKind(name: string): ValueKind | undefined {
  if (/^targets?$/.test(name)) return { kind: 'containers' };
  if (/^hosts?$/.test(name)) return { kind: 'hosts' };
  return undefined;
}

function flagValue(option: Option): ValueKind | undefined {
  if (option.isBoolean() || option.negate) return undefined;
  if (option.argChoices) return { kind: 'choices', values: option.argChoices };
  if (option.long === '--host') return { kind: 'hosts' };
  if (/<(file|dir)>/.test(option.flags)) return { kind: 'file' };
  return { kind: 'any' };
}

function flagSpec(option: Option): FlagSpec {
  const value = flagValue(option);
  return {
    ...(option.short ? { short: option.short } : {}),
    ...(option.long ? { long: option.long } : {}),
    description: option.description,
    ...(value ? { value } : {}),
  };
}

/**
 * Every visible command of `program`, depth first, the program itself first (path []): what
 * `bosun --help` and each command's help list, so completion never offers a hidden command.
 */
export function completionSpecs(program: Command, path: readonly string[] = []): CommandSpec[] {
  const help = program.createHelp();
  const subcommands = help.visibleCommands(program).filter((sub) => sub.name() !== 'help');
  const first = program.registeredArguments[0];
  const positional = first ? argumentKind(first.name()) : undefined;
  const spec: CommandSpec = {
    path,
    description: program.description(),
    subcommands: subcommands.map((sub) => sub.name()),
    flags: help.visibleOptions(program).map(flagSpec),
    ...(positional ? { positional } : {}),
  };
  return [spec, ...subcommands.flatMap((sub) => completionSpecs(sub, [...path, sub.name()]))];
}
