#!/usr/local/bin/node
// The entrypoint of the test bed's "fresh host" containers, standing in for a booting systemd
// (see systemctl.mjs, a stub): /run starts empty as a tmpfs would, /run/systemd/system says a
// service manager runs, the docker group exists as Docker's package would make it (with the gid
// of the mounted socket, BOSUN_TEST_DOCKER_GID), and every enabled unit starts. On SIGTERM
// (docker stop/restart) the units stop first, as at a shutdown.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const SYSTEMCTL = '/usr/bin/systemctl';
const WANTS_DIR = '/etc/systemd/system/multi-user.target.wants';

rmSync('/run/bosun-stub', { recursive: true, force: true });
mkdirSync('/run/systemd/system', { recursive: true });
const gid = process.env.BOSUN_TEST_DOCKER_GID;
if (gid && !/^docker:/m.test(readFileSync('/etc/group', 'utf8'))) {
  appendFileSync('/etc/group', `docker:x:${gid}:\n`);
}
const enabled = existsSync(WANTS_DIR)
  ? readdirSync(WANTS_DIR).map((file) => file.replace(/\.service$/, ''))
  : [];
for (const unit of enabled) execFileSync(SYSTEMCTL, ['start', unit], { stdio: 'inherit' });

process.on('SIGTERM', () => {
  const running = existsSync('/run/bosun-stub') ? readdirSync('/run/bosun-stub') : [];
  for (const file of running.filter((name) => name.endsWith('.pid'))) {
    execFileSync(SYSTEMCTL, ['stop', file.slice(0, -'.pid'.length)], { stdio: 'inherit' });
  }
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
