#!/usr/local/bin/node
// A STUB of systemctl for the test bed's "fresh host" containers, where no systemd runs. It is not
// systemd: it implements what bosun's install script and the tests call (daemon-reload, enable
// [--now], disable [--now], start, stop, restart, is-active, is-failed) for simple units, reading
// from the unit file only User=, Group=, SupplementaryGroups=, EnvironmentFile=, Environment=,
// StateDirectory=, StateDirectoryMode=, UMask=, ExecStart=, Restart=on-failure, RestartSec= and
// RestartPreventExitStatus=. Each started unit gets a supervisor process (this file, `__supervise`)
// that runs ExecStart as the unit's user with its groups, restarts it on failure as systemd would,
// and keeps its state in /run/bosun-stub. `boot.mjs` starts the enabled units when the container
// starts. The hardening settings are not applied; `systemd-analyze verify` checks the unit itself.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const UNIT_DIR = '/etc/systemd/system';
const WANTS_DIR = join(UNIT_DIR, 'multi-user.target.wants');
const RUN_DIR = '/run/bosun-stub';
const LOG_DIR = '/var/log/bosun-stub';

const unitFile = (unit) => join(UNIT_DIR, `${unit}.service`);
const pidFile = (unit) => join(RUN_DIR, `${unit}.pid`);
const stateFile = (unit) => join(RUN_DIR, `${unit}.state`);
const nameOf = (arg) => arg.replace(/\.service$/, '');

/** The unit's [Service] settings, each key with every value it was given. */
function readUnit(unit) {
  const settings = new Map();
  for (const raw of readFileSync(unitFile(unit), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('[')) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    settings.set(key, [...(settings.get(key) ?? []), line.slice(at + 1)]);
  }
  const last = (key) => settings.get(key)?.at(-1);
  return { all: (key) => settings.get(key) ?? [], last };
}

/** KEY=VALUE lines of an environment file (optional quotes), as systemd reads them. */
function readEnvFile(path) {
  const env = {};
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    env[line.slice(0, at)] = line.slice(at + 1).replace(/^"(.*)"$/, '$1');
  }
  return env;
}

function lookup(file, name) {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[0] === name);
  if (!line) throw new Error(`systemctl stub: no ${name} in ${file}`);
  return line.split(':');
}

// A supervisor whose parent (systemctl) exited is adopted by the container's PID 1, which may not
// reap it: a zombie counts as gone.
function isAlive(pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function supervisorPid(unit) {
  if (!existsSync(pidFile(unit))) return undefined;
  const pid = Number(readFileSync(pidFile(unit), 'utf8'));
  return isAlive(pid) ? pid : undefined;
}

function stateOf(unit) {
  return existsSync(stateFile(unit)) ? readFileSync(stateFile(unit), 'utf8') : 'inactive';
}

function start(unit) {
  if (supervisorPid(unit)) return;
  mkdirSync(RUN_DIR, { recursive: true });
  const child = spawn(process.execPath, [process.argv[1], '__supervise', unit], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  writeFileSync(pidFile(unit), String(child.pid));
  writeFileSync(stateFile(unit), 'activating');
  child.unref();
}

async function stop(unit) {
  const pid = supervisorPid(unit);
  if (pid) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 20_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
  }
  rmSync(pidFile(unit), { force: true });
  writeFileSync(stateFile(unit), 'inactive');
}

function enable(unit) {
  mkdirSync(WANTS_DIR, { recursive: true });
  if (!existsSync(join(WANTS_DIR, `${unit}.service`)))
    symlinkSync(unitFile(unit), join(WANTS_DIR, `${unit}.service`));
}

function disable(unit) {
  rmSync(join(WANTS_DIR, `${unit}.service`), { force: true });
}

/** Runs ExecStart as the unit says, again after a failure unless its exit status says not to. */
async function supervise(unit) {
  const settings = readUnit(unit);
  const user = settings.last('User') ?? 'root';
  const [, , uid, primaryGid] = lookup('/etc/passwd', user);
  const gid = Number(settings.last('Group') ? lookup('/etc/group', settings.last('Group'))[2] : primaryGid);
  const groups = settings
    .all('SupplementaryGroups')
    .flatMap((value) => value.split(/\s+/).filter(Boolean))
    .map((name) => Number(lookup('/etc/group', name)[2]));
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/', USER: user };
  for (const value of settings.all('Environment')) {
    for (const pair of value.split(/\s+/).filter(Boolean)) {
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  for (const value of settings.all('EnvironmentFile')) {
    const optional = value.startsWith('-');
    const path = optional ? value.slice(1) : value;
    if (existsSync(path)) Object.assign(env, readEnvFile(path));
    else if (!optional) throw new Error(`systemctl stub: ${path} is missing`);
  }
  for (const dir of settings.all('StateDirectory').flatMap((value) => value.split(/\s+/))) {
    const path = join('/var/lib', dir);
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    mkdirSync(path, { recursive: true });
    chownSync(path, Number(uid), gid);
    const mode = settings.last('StateDirectoryMode');
    if (mode) chmodSync(path, Number.parseInt(mode, 8));
  }
  const exec = settings.last('ExecStart').split(/\s+/);
  const umask = Number.parseInt(settings.last('UMask') ?? '0022', 8);
  const restartSec = Number.parseFloat(settings.last('RestartSec') ?? '0.1');
  const prevent = new Set(
    (settings.last('RestartPreventExitStatus') ?? '').split(/\s+/).filter(Boolean).map(Number),
  );
  const restart = settings.last('Restart') === 'on-failure';

  // What the unit prints, where a test can show it (systemd would send it to the journal).
  mkdirSync(LOG_DIR, { recursive: true });
  const log = openSync(join(LOG_DIR, `${unit}.log`), 'a');
  let child;
  let stopping = false;
  process.on('SIGTERM', () => {
    stopping = true;
    child?.kill('SIGTERM');
  });
  for (;;) {
    child = spawn(
      process.execPath,
      [process.argv[1], '__exec', JSON.stringify({ uid: Number(uid), gid, groups, umask, exec, env })],
      { stdio: ['ignore', log, log] },
    );
    writeFileSync(stateFile(unit), 'active');
    const code = await new Promise((done) =>
      child.on('exit', (status, signal) => done(signal ? 128 : status)),
    );
    if (stopping) return;
    if (code === 0 || !restart || prevent.has(code)) {
      writeFileSync(stateFile(unit), code === 0 ? 'inactive' : 'failed');
      rmSync(pidFile(unit), { force: true });
      return;
    }
    writeFileSync(stateFile(unit), 'activating');
    await new Promise((done) => setTimeout(done, restartSec * 1000));
    if (stopping) return;
  }
}

/** Becomes the unit's program as its user: groups, then group, then user, then execve. */
function execAs(spec) {
  const { uid, gid, groups, umask, exec, env } = JSON.parse(spec);
  process.setgroups(groups);
  process.setgid(gid);
  process.setuid(uid);
  process.umask(umask);
  process.chdir('/');
  process.execve(exec[0], exec, env);
}

const [command, ...args] = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('-')));
const units = args.filter((arg) => !arg.startsWith('-')).map(nameOf);
switch (command) {
  case 'daemon-reload':
    break;
  case 'enable':
    for (const unit of units) {
      enable(unit);
      if (flags.has('--now')) start(unit);
    }
    break;
  case 'disable':
    for (const unit of units) {
      disable(unit);
      if (flags.has('--now')) await stop(unit);
    }
    break;
  case 'start':
    for (const unit of units) start(unit);
    break;
  case 'stop':
    for (const unit of units) await stop(unit);
    break;
  case 'restart':
    for (const unit of units) {
      await stop(unit);
      start(unit);
    }
    break;
  case 'is-active':
  case 'is-failed': {
    const state = supervisorPid(units[0]) || stateOf(units[0]) === 'failed' ? stateOf(units[0]) : 'inactive';
    if (!flags.has('--quiet')) process.stdout.write(`${state}\n`);
    process.exitCode = state === (command === 'is-active' ? 'active' : 'failed') ? 0 : 3;
    break;
  }
  case '__supervise':
    await supervise(units[0]);
    break;
  case '__exec':
    execAs(args[0]);
    break;
  default:
    process.stderr.write(`systemctl stub: ${command} is not implemented\n`);
    process.exitCode = 1;
}
