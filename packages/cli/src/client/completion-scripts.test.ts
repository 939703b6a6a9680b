import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../main.ts';
import { bashScript, fishScript, zshScript } from './completion-scripts.ts';
import { completionSpecs } from './completion-spec.ts';

const specs = completionSpecs(buildProgram());
const dir = mkdtempSync(join(tmpdir(), 'bosun-completion-'));
// Stands in for bosun's `__complete`: the script asks the command it completes for names.
const fakeBosun = join(dir, 'bosun');
writeFileSync(
  fakeBosun,
  `#!/bin/sh
[ "$1" = __complete ] || exit 9
case "$2" in
  hosts) printf 'db-1\\nweb-2\\n' ;;
  containers) printf 'db-1/api\\ndb-1/pg\\nweb-2/nginx\\n' ;;
esac
`,
);
chmodSync(fakeBosun, 0o755);
const script = join(dir, 'bosun.bash');
writeFileSync(script, bashScript(specs));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What real bash completes for `bosun <words>`, the last word being the one under the cursor. */
function bashCompletes(...words: string[]): string[] {
  const quoted = [fakeBosun, ...words].map((word) => `'${word}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '--norc',
      '-c',
      `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length}; _bosun; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return out.split('\n').filter((line) => line !== '');
}

describe('the bash completion script', () => {
  it('completes commands, then subcommands of a command with them', () => {
    expect(bashCompletes('in')).toEqual(['inspect']);
    expect(bashCompletes('token', '')).toEqual(['create', 'list', 'revoke']);
    expect(bashCompletes('users', 'g')).toEqual(['grant']);
  });

  it("completes a command's flags, and a subcommand's own", () => {
    expect(bashCompletes('events', '--f')).toEqual(['--follow', '--format']);
    expect(bashCompletes('token', 'list', '--a')).toEqual(['--all']);
  });

  it('completes host names where a host goes, HOST/CONTAINER where a container does', () => {
    expect(bashCompletes('ps', '')).toEqual(['db-1', 'web-2']);
    expect(bashCompletes('events', '--host', 'w')).toEqual(['web-2']);
    expect(bashCompletes('inspect', 'db-1/')).toEqual(['db-1/api', 'db-1/pg']);
    expect(bashCompletes('logs', '-f', '--tail', '10', 'web')).toEqual(['web-2/nginx']);
  });

  it("completes a flag's choices and skips a flag's value when finding the command", () => {
    expect(bashCompletes('hosts', '--format', '')).toEqual(['table', 'json']);
    expect(bashCompletes('--version', 'ho')).toEqual(['hosts']);
    expect(bashCompletes('events', '--host', 'db-1', '--format', 'j')).toEqual(['json']);
  });

  it('offers nothing where nothing is known, and never a hidden command', () => {
    expect(bashCompletes('hosts', '')).toEqual([]);
    expect(bashCompletes('__')).toEqual([]);
  });
});

describe('the completion scripts', () => {
  it('leave out hidden commands and list every visible one', () => {
    const top = specs.find((spec) => spec.path.length === 0)!;
    expect(top.subcommands).toContain('events');
    expect(top.subcommands).toContain('completion');
    expect(top.subcommands).not.toContain('__complete');
    expect(top.subcommands).not.toContain('help');
  });

  it('zsh loads bashcompinit and registers the same function', () => {
    const zsh = zshScript(specs);
    expect(zsh.startsWith('#compdef bosun\n')).toBe(true);
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('complete -F _bosun bosun');
  });

  it('fish describes each command and asks bosun for names', () => {
    const fish = fishScript(specs);
    expect(fish).toContain("complete -c bosun -n '__bosun_at \\'\\'' -a inspect -d ");
    expect(fish).toContain("complete -c bosun -n '__bosun_at \\'ps\\'' -a '(__bosun_names hosts)'");
    expect(fish).toContain("-l host -x -a '(__bosun_names hosts)'");
  });
});
