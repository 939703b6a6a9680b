// The lines the manager prints, run by a real sh: what a person pasting them gets.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinCommands, shellWord } from '@bosun/api';
import { afterEach, describe, expect, it } from 'vitest';

const input = {
  manager: 'https://bosun.example.com',
  token: 'tok_123',
  image: 'bosun-agent:0.2.0',
  imageServed: true,
};

let bin: string | undefined;
afterEach(() => {
  if (bin) rmSync(bin, { recursive: true, force: true });
  bin = undefined;
});

// Runs a printed line under sh with `docker` and `curl` stand-ins that log their arguments;
// `docker image inspect` answers `inspectExit`.
function runLine(line: string, inspectExit: number): string[] {
  bin = mkdtempSync(join(tmpdir(), 'bosun-join-line-'));
  const log = join(bin, 'calls');
  for (const name of ['docker', 'curl']) {
    const file = join(bin, name);
    writeFileSync(
      file,
      `#!/bin/sh\necho "${name} $*" >> '${log}'\n[ "$1 $2" = "image inspect" ] && exit ${inspectExit}\nexit 0\n`,
    );
    chmodSync(file, 0o755);
  }
  execFileSync('sh', ['-c', line], { env: { PATH: `${bin}:/usr/bin:/bin` } });
  return readFileSync(log, 'utf8').trim().split('\n');
}

describe('joinCommands', () => {
  it('loads the image from the manager when the host lacks it, then replaces the container', () => {
    const { container } = joinCommands(input);
    const calls = runLine(container, 1);
    expect(calls[0]).toBe('docker image inspect bosun-agent:0.2.0');
    // The two ends of a pipe run at once, in either order.
    expect(calls.slice(1, 3).sort()).toEqual([
      'curl -fsSL https://bosun.example.com/download/bosun-agent-image',
      'docker load',
    ]);
    expect(calls.slice(3)).toEqual([
      'docker rm -f bosun-agent',
      'docker run -d --name bosun-agent --restart unless-stopped -v /var/run/docker.sock:/var/run/docker.sock -v bosun-agent:/var/lib/bosun/agent -e BOSUN_MANAGER=https://bosun.example.com -e BOSUN_JOIN_TOKEN=tok_123 bosun-agent:0.2.0',
    ]);
  });

  it('skips the download when the host has the image', () => {
    const calls = runLine(joinCommands(input).container, 0);
    expect(calls.some((call) => call.startsWith('curl'))).toBe(false);
    expect(calls.at(-1)).toMatch(/^docker run -d --name bosun-agent /);
  });

  it('pulls the image when the manager does not hand it out', () => {
    const calls = runLine(joinCommands({ ...input, imageServed: false }).container, 1);
    expect(calls[1]).toBe('docker pull bosun-agent:0.2.0');
  });

  it('shares the host network when the manager is on loopback, where the container cannot reach it otherwise', () => {
    for (const manager of ['http://127.0.0.1:7070', 'http://localhost:7070', 'http://[::1]:7070']) {
      expect(joinCommands({ ...input, manager }).container).toContain(' --network host ');
    }
    expect(joinCommands(input).container).not.toContain('--network');
  });

  it('pipes the install script into sh with the token for the native form', () => {
    expect(joinCommands(input).native).toBe(
      'curl -fsSL https://bosun.example.com/install.sh | BOSUN_JOIN_TOKEN=tok_123 sh',
    );
  });
});

// What `sh` makes of the word: printf prints each argument on a line of its own.
function shellReads(word: string): string[] {
  return execFileSync('sh', ['-c', `printf '%s\\n' ${word}`], { encoding: 'utf8' })
    .split('\n')
    .slice(0, -1);
}

describe('shellWord', () => {
  it('leaves URLs, image names and tokens as they are', () => {
    expect(shellWord('https://bosun.example.com:8443')).toBe('https://bosun.example.com:8443');
    expect(shellWord('bosun-agent:0.2.0')).toBe('bosun-agent:0.2.0');
    expect(shellWord('abc_DEF-123')).toBe('abc_DEF-123');
  });

  it.each(['a b', "it's", '$(reboot)', '`id`; rm -rf /', "'", ''])(
    'quotes %j so sh reads it back as one word',
    (value) => {
      expect(shellReads(shellWord(value))).toEqual([value]);
    },
  );
});
