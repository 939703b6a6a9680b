// `npm run pack`: npm packages of the single files, `bosun-<version>.tgz` (the `bosun` command
// with the web UI, and the agent file the manager hands out) and `bosun-agent-<version>.tgz`,
// written to dist/npm (or `--out DIR`). Each is staged in a temporary folder from what the build
// scripts made; nothing is published. The single files need no dependencies.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { releaseVersion } from './version-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

/** What one npm package holds: files copied from the tree (target ← source) and its bin. */
type PackSpec = {
  name: string;
  description: string;
  bin: { name: string; file: string };
  files: Record<string, string>;
  readme: string;
};

const SPECS: PackSpec[] = [
  {
    name: 'bosun',
    description: 'One web UI and CLI to see, control and live-tail the Docker containers of many machines.',
    bin: { name: 'bosun', file: 'bosun.mjs' },
    files: {
      'bosun.mjs': 'packages/cli/dist/bosun.mjs',
      // The manager hands out the files beside its own: the agent for native installs.
      'bosun-agent.mjs': 'packages/cli/dist/bosun-agent.mjs',
      web: 'packages/web/dist',
    },
    readme: 'npm/bosun.md',
  },
  {
    name: 'bosun-agent',
    description: 'The bosun agent: serves a Docker host’s containers and logs to a bosun manager.',
    bin: { name: 'bosun-agent', file: 'bosun-agent.mjs' },
    files: { 'bosun-agent.mjs': 'packages/cli/dist/bosun-agent.mjs' },
    readme: 'npm/bosun-agent.md',
  },
];

async function pack(spec: PackSpec, version: string, outDir: string): Promise<string> {
  const stage = await mkdtemp(join(tmpdir(), `bosun-pack-${spec.name}-`));
  try {
    for (const [target, source] of Object.entries(spec.files)) {
      await cp(join(root, source), join(stage, target), { recursive: true });
    }
    await chmod(join(stage, spec.bin.file), 0o755);
    const readme = await readFile(join(here, spec.readme), 'utf8');
    await writeFile(join(stage, 'README.md'), readme.replaceAll('VERSION', version));
    await cp(join(root, 'CHANGELOG.md'), join(stage, 'CHANGELOG.md'));
    const manifest = {
      name: spec.name,
      version,
      description: spec.description,
      license: 'MIT',
      type: 'module',
      bin: { [spec.bin.name]: spec.bin.file },
      files: [...Object.keys(spec.files), 'README.md', 'CHANGELOG.md'],
      engines: { node: '>=20.6' },
    };
    await writeFile(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const { stdout } = await promisify(execFile)(
      'npm',
      ['pack', '--pack-destination', outDir, '--ignore-scripts', '--offline', '--silent'],
      { cwd: stage },
    );
    return join(outDir, stdout.trim().split('\n').at(-1)!);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

const outFlag = process.argv.indexOf('--out');
const outDir = resolve(outFlag === -1 ? join(root, 'dist', 'npm') : process.argv[outFlag + 1]!);
await mkdir(outDir, { recursive: true });
const version = await releaseVersion(root);
for (const spec of SPECS) process.stdout.write(`${await pack(spec, version, outDir)}\n`);
