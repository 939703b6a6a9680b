import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinkStatusFile } from './link-status-file.ts';

const MANAGER = 'ws://127.0.0.1:7070/ws/agent';

async function fileAt(now: () => number) {
  const dir = join(await mkdtemp(join(tmpdir(), 'bosun-status-')), 'state');
  const path = join(dir, 'link-status.json');
  const failures: unknown[] = [];
  const status = new LinkStatusFile(path, MANAGER, (msg, fields) => failures.push({ msg, fields }), now);
  const read = async (): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));
  return { dir, path, status, failures, read };
}

describe('LinkStatusFile', () => {
  it('says connected, valid for three heartbeats, once the link is up', async () => {
    const { status, read } = await fileAt(() => Date.parse('2025-01-01T00:00:00Z'));
    await status.connected(15);
    expect(await read()).toEqual({
      connected: true,
      manager: MANAGER,
      at: '2025-01-01T00:00:00.000Z',
      validUntil: '2025-01-01T00:00:45.000Z',
    });
  });

  it("moves validUntil on with each of the manager's answers", async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const { status, read } = await fileAt(() => now);
    await status.connected(10);
    now += 10_000;
    await status.answered();
    expect(await read()).toMatchObject({ connected: true, validUntil: '2025-01-01T00:00:40.000Z' });
  });

  it('says disconnected when the link goes down, and an answer after that changes nothing', async () => {
    const { status, read } = await fileAt(() => Date.parse('2025-01-01T00:00:00Z'));
    await status.connected(15);
    await status.disconnected();
    await status.answered();
    expect(await read()).toEqual({ connected: false, manager: MANAGER, at: '2025-01-01T00:00:00.000Z' });
  });

  it('writes in the order of the changes and leaves no temp file', async () => {
    const { dir, status, read } = await fileAt(Date.now);
    void status.connected(15);
    void status.answered();
    await status.disconnected();
    expect(await read()).toMatchObject({ connected: false });
    expect(await readdir(dir)).toEqual(['link-status.json']);
  });

  it('logs a failed write instead of throwing', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'bosun-status-'));
    // A file where the folder should be: the write cannot succeed.
    await writeFile(join(parent, 'state'), 'not a folder');
    const failures: unknown[] = [];
    const status = new LinkStatusFile(join(parent, 'state', 'link-status.json'), MANAGER, (msg) =>
      failures.push(msg),
    );
    await expect(status.disconnected()).resolves.toBeUndefined();
    expect(failures).toEqual(['cannot write the link status file']);
  });
});
