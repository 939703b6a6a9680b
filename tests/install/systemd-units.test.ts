import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const unit = (name: string) => fileURLToPath(new URL(`../../deploy/systemd/${name}`, import.meta.url));

// No systemd runs on the machines the tests run on, so the units are checked statically:
// systemd-analyze parses every setting, checks that ExecStart's program exists and warns about
// anything it does not understand. Any warning fails the test.
describe('the systemd units', () => {
  it.each(['bosun-agent.service', 'bosun-manager.service'])(
    '%s passes systemd-analyze verify',
    async (name) => {
      const { stdout, stderr } = await run('systemd-analyze', ['verify', unit(name)]);
      expect(stderr).toBe('');
      expect(stdout).toBe('');
    },
  );

  it('refuses a unit with an unknown setting, so the check above can fail', async () => {
    const failed = await run('systemd-analyze', [
      'verify',
      fileURLToPath(new URL('testing/bad.service', import.meta.url)),
    ]).then(
      (out) => out,
      (error: { stderr: string }) => error,
    );
    expect(failed.stderr).toMatch(/Unknown key 'ProtectEverything'/);
  });
});
