import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBosun, waitFor, watchChild } from '../kit/index.ts';
import type { CaseCount } from './hostile-figures.ts';
import { rawConnect } from './raw-http.ts';
import { openFiles } from './silent-flood.ts';

const LISTENING = /bosun manager is listening on (http:\/\/\S+)/;

/**
 * A manager of its own whose file limit is lowered to `limit` (prlimit) once it listens, then
 * sent `sockets` connections, more than the limit lets it hold: the ones past it are dropped, the
 * manager lives on, and it answers again once they are gone.
 */
export async function pastTheFileLimit(limit: number, sockets: number): Promise<CaseCount> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bosun-hostile-limit-'));
  const manager = watchChild(
    spawnBosun(['manager', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--no-local-agent'], {
      BOSUN_ADMIN_PASSWORD: 'file limit admin password',
      BOSUN_LOCAL_AGENT: '0',
    }),
  );
  const open: Socket[] = [];
  try {
    const url = await waitFor(() => LISTENING.exec(manager.stdout())?.[1], {
      timeoutMs: 30_000,
      what: 'the file-limited manager to listen',
      detail: manager.stderr,
    });
    const pid = manager.child.pid as number;
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${limit}:${limit}`]);
    const port = Number(new URL(url).port);
    let dropped = 0;
    for (let i = 0; i < sockets; i++) {
      const socket = await rawConnect({ port, localAddress: '127.0.0.5' });
      socket.on('error', () => {});
      socket.once('close', () => {
        dropped += 1;
      });
      open.push(socket);
    }
    await waitFor(() => dropped >= sockets - limit, {
      timeoutMs: 30_000,
      what: 'the manager to drop the connections past its file limit',
      detail: () => `${dropped} dropped, ${openFiles(pid)} files open`,
    });
    if (manager.child.exitCode !== null)
      throw new Error(`the manager exited past its file limit: ${manager.stderr()}`);
    // Counted before our own closes below add to it.
    const refused = dropped;
    for (const socket of open) socket.destroy();
    // Our closes reach the manager a moment after destroy(): until they do it may still be at its
    // limit and reset the probe, which only means "not yet".
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, {
      timeoutMs: 30_000,
      what: 'the manager to answer again once the connections are gone',
    });
    return { cases: sockets, refused };
  } finally {
    for (const socket of open) socket.destroy();
    manager.child.kill('SIGTERM');
    await manager.done;
    await rm(dataDir, { recursive: true, force: true });
  }
}
