import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testServerApp } from '../testing/test-app.ts';
import { renderInstallScript } from './install-script.ts';

const repoFile = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8');

function appWith(publicUrl: string | undefined) {
  return testServerApp(publicUrl === undefined ? {} : { publicUrl });
}

describe('renderInstallScript', () => {
  const script = renderInstallScript('https://bosun.example.com');

  it("carries the repository's agent unit, byte for byte, in a quoted here-document", () => {
    const unit = repoFile('deploy/systemd/bosun-agent.service');
    expect(script).toContain(`cat <<'BOSUN_UNIT'\n${unit}BOSUN_UNIT\n`);
  });

  it('names the manager and leaves no placeholder behind', () => {
    expect(script).toContain('\nBOSUN_MANAGER_URL=https://bosun.example.com\n');
    expect(script).not.toMatch(/^@BOSUN_AGENT_UNIT@$|'@BOSUN_MANAGER_URL@'/m);
    expect(repoFile('deploy/install.sh').split('\n').length).toBeLessThan(script.split('\n').length);
  });

  it('is a script dash and busybox sh can parse', () => {
    for (const shell of [
      ['dash', '-n'],
      ['busybox', 'sh', '-n'],
    ]) {
      execFileSync(shell[0]!, shell.slice(1), { input: script });
    }
  });

  it('prints the unit it installs exactly as the repository has it when sh runs write_unit', () => {
    const unit = execFileSync(
      'sh',
      ['-c', `${script.slice(0, script.indexOf('\nuninstall=no'))}\nwrite_unit`],
      {
        encoding: 'utf8',
      },
    );
    expect(unit).toBe(repoFile('deploy/systemd/bosun-agent.service'));
  });
});

describe('GET /install.sh', () => {
  it('serves the script without a login, pointing at the public URL when one is set', async () => {
    const response = await appWith('https://bosun.example.com').request('/install.sh');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(renderInstallScript('https://bosun.example.com'));
  });

  it('else at the address the request used', async () => {
    const response = await appWith(undefined).request('http://127.0.0.1:7070/install.sh');
    expect(await response.text()).toContain('\nBOSUN_MANAGER_URL=http://127.0.0.1:7070\n');
  });
});
