import type { CommandSpec, FlagSpec, ValueKind } from './completion-spec.ts';

/** The shells `bosun completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
/** One of `COMPLETION_SHELLS`. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

// Names in the specs are commander's (letters, digits, - and .), so single quotes need no escapes
// in bash; descriptions only ever reach fish, which gets them escaped.
const sq = (text: string) => `'${text}'`;
const pathKey = (spec: CommandSpec) => spec.path.join(' ');

function kindWord(value: ValueKind): string {
  return value.kind === 'choices' ? `choices:${value.values.join(' ')}` : value.kind;
}

function flagNames(flag: FlagSpec): string[] {
  return [flag.short, flag.long].filter((name): name is string => name !== undefined);
}

function caseFunction(
  name: string,
  comment: string,
  arms: ReadonlyArray<[string, string]>,
  key: string,
): string {
  const lines = arms.map(([pattern, reply]) => `    ${pattern}) REPLY=${sq(reply)} ;;`);
  return [
    `# ${comment}`,
    `${name}() {`,
    `  case ${key} in`,
    ...lines,
    "    *) REPLY='' ;;",
    '  esac',
    '}',
  ].join('\n');
}

/** The bash functions both the bash and the zsh script use; `name` is the command completed. */
function bashFunctions(specs: readonly CommandSpec[], name: string): string {
  const subcommands = specs
    .filter((spec) => spec.subcommands.length > 0)
    .map((spec): [string, string] => [sq(pathKey(spec)), spec.subcommands.join(' ')]);
  const flags = specs.map((spec): [string, string] => [
    sq(pathKey(spec)),
    spec.flags.flatMap(flagNames).join(' '),
  ]);
  const values = specs.flatMap((spec) =>
    spec.flags.flatMap((flag) =>
      flag.value
        ? flagNames(flag).map((n): [string, string] => [sq(`${pathKey(spec)}|${n}`), kindWord(flag.value!)])
        : [],
    ),
  );
  const positional = specs
    .filter((spec) => spec.positional !== undefined)
    .map((spec): [string, string] => [sq(pathKey(spec)), kindWord(spec.positional!)]);
  const fn = `_${name.replace(/\W/g, '_')}`;
  return `${caseFunction(`${fn}_subcommands`, 'The subcommands of a command path.', subcommands, '"$1"')}

${caseFunction(`${fn}_flags`, 'The flags of a command path.', flags, '"$1"')}

${caseFunction(`${fn}_flag_value`, 'What the value of a flag of a command path is; empty for a flag without one.', values, '"$1|$2"')}

${caseFunction(`${fn}_positional`, 'What the arguments of a command path are.', positional, '"$1"')}

# Completes a value of kind $1 from the word $2; names come from the manager through the
# command itself ($3), which prints nothing on any error and gives up quickly.
${fn}_value() {
  local kind="$1" cur="$2" self="$3"
  case "$kind" in
    hosts|containers) COMPREPLY=($(compgen -W "$("$self" __complete "$kind" "$cur" 2>/dev/null)" -- "$cur")) ;;
    file)
      COMPREPLY=($(compgen -f -- "$cur"))
      type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null
      ;;
    choices:*) COMPREPLY=($(compgen -W "\${kind#choices:}" -- "$cur")) ;;
  esac
  return 0
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" self="\${COMP_WORDS[0]}" cmd='' word expect='' i REPLY
  COMPREPLY=()
  # The command path is the words that name a subcommand of the path so far; a flag that takes
  # a value makes the next word its value. (Not named "path": zsh ties that name to PATH.)
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ -n "$expect" ]]; then expect=''; continue; fi
    if [[ "$word" == -* ]]; then
      ${fn}_flag_value "$cmd" "$word"
      [[ -n "$REPLY" ]] && expect=1
      continue
    fi
    ${fn}_subcommands "$cmd"
    if [[ " $REPLY " == *" $word "* ]]; then cmd="\${cmd:+$cmd }$word"; fi
  done
  if [[ -n "$expect" ]]; then
    ${fn}_flag_value "$cmd" "\${COMP_WORDS[COMP_CWORD - 1]}"
    ${fn}_value "$REPLY" "$cur" "$self"
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    ${fn}_flags "$cmd"
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
    return 0
  fi
  ${fn}_subcommands "$cmd"
  if [[ -n "$REPLY" ]]; then
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
    return 0
  fi
  ${fn}_positional "$cmd"
  ${fn}_value "$REPLY" "$cur" "$self"
}`;
}

/** The bash completion script for `name` (`bosun`), made from its command specs. */
export function bashScript(specs: readonly CommandSpec[], name = 'bosun'): string {
  return `# ${name} completion for bash. Install:
#   ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
# or add to ~/.bashrc: source <(${name} completion bash)

${bashFunctions(specs, name)}

complete -F _${name.replace(/\W/g, '_')} ${name}
`;
}

/**
 * The zsh completion script: the bash functions through zsh's own bash-completion layer
 * (bashcompinit), so both shells complete alike from one definition.
 */
export function zshScript(specs: readonly CommandSpec[], name = 'bosun'): string {
  return `#compdef ${name}
# ${name} completion for zsh. Install: add to ~/.zshrc (after compinit, if it runs compinit):
#   source <(${name} completion zsh)

# bashcompinit needs compinit's compdef; load it only if the shell has not already.
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }
autoload -U +X bashcompinit && bashcompinit

${bashFunctions(specs, name)}

complete -F _${name.replace(/\W/g, '_')} ${name}
`;
}

const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function fishValue(value: ValueKind, fn: string): string {
  switch (value.kind) {
    case 'hosts':
    case 'containers':
      return ` -x -a ${fishQuote(`(${fn}_names ${value.kind})`)}`;
    case 'choices':
      return ` -x -a ${fishQuote(value.values.join(' '))}`;
    case 'file':
      return ' -r -F';
    case 'any':
      return ' -x';
  }
}

function fishCommand(spec: CommandSpec, specs: readonly CommandSpec[], name: string, fn: string): string[] {
  const at = `-n ${fishQuote(`${fn}_at ${sq(pathKey(spec))}`)}`;
  const lines = spec.subcommands.map((sub) => {
    const description =
      specs.find((other) => pathKey(other) === [...spec.path, sub].join(' '))?.description ?? '';
    return `complete -c ${name} ${at} -a ${sub} -d ${fishQuote(description)}`;
  });
  for (const flag of spec.flags) {
    const short = flag.short ? ` -s ${flag.short.slice(1)}` : '';
    const long = flag.long ? ` -l ${flag.long.slice(2)}` : '';
    const value = flag.value ? fishValue(flag.value, fn) : '';
    lines.push(`complete -c ${name} ${at}${short}${long}${value} -d ${fishQuote(flag.description)}`);
  }
  if (spec.positional) {
    const value = fishValue(spec.positional, fn).replace(/ -[xr]\b/, '');
    lines.push(`complete -c ${name} ${at}${value}`);
  }
  return lines;
}

/** The fish completion script for `name`, made from its command specs. */
export function fishScript(specs: readonly CommandSpec[], name = 'bosun'): string {
  const fn = `__${name.replace(/\W/g, '_')}`;
  const paths = specs.filter((spec) => spec.path.length > 0).map((spec) => fishQuote(pathKey(spec)));
  return `# ${name} completion for fish. Install:
#   ${name} completion fish > ~/.config/fish/completions/${name}.fish

set -g ${fn}_commands ${paths.join(' ')}

# The command path typed so far: the words that name a command, in order.
function ${fn}_path
    set -l path
    for word in (commandline -opc)[2..-1]
        if contains -- (string join ' ' -- $path $word) $${fn}_commands
            set path $path $word
        end
    end
    string join ' ' -- $path
end

function ${fn}_at
    set -l path (${fn}_path)
    test "$path" = "$argv[1]"
end

# Names from the manager through the command itself, which prints nothing on any error and
# gives up quickly.
function ${fn}_names
    set -l self (commandline -opc)[1]
    $self __complete $argv[1] (commandline -ct) 2>/dev/null
end

complete -c ${name} -f
${specs.flatMap((spec) => fishCommand(spec, specs, name, fn)).join('\n')}
`;
}

/** The completion script for `shell`. */
export function completionScript(
  shell: CompletionShell,
  specs: readonly CommandSpec[],
  name = 'bosun',
): string {
  switch (shell) {
    case 'bash':
      return bashScript(specs, name);
    case 'zsh':
      return zshScript(specs, name);
    case 'fish':
      return fishScript(specs, name);
  }
}
