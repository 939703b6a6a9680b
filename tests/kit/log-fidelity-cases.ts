import { describe, expect, it } from 'vitest';
import { runContainer, waitForExit } from './containers.ts';
import type { Engine } from './docker-engine.ts';
import { dockerLogs } from './docker-logs.ts';
import { entriesToStreams } from './log-bytes.ts';
import type { ScriptedManager } from './scripted-manager.ts';
import { WaitTimeoutError, waitFor } from './wait-for.ts';

/**
 * An agent joined to a scripted manager, however it runs (in the test process, from the agent
 * image): the manager records what the agent sends; `agentLog` is the agent's own log, for the
 * message of a case that failed.
 */
export type LogFidelityBed = { manager: ScriptedManager; agentLog(): string | Promise<string> };

/**
 * The agent's lines must be byte-identical to `docker logs`, stream by stream, in order, for the
 * cases where log tools usually go wrong. Each container is followed live from before its first
 * start until it exits. Declares the cases as a describe block; `bed` is read when they run.
 */
export function describeLogFidelity(title: string, engine: Engine, bed: () => LogFidelityBed): void {
  async function followThroughExit(
    script: string,
    options: { tty?: boolean; logDriver?: 'json-file' | 'local'; timeoutMs?: number } = {},
  ) {
    const { manager } = bed();
    const c = await runContainer(engine, {
      cmd: ['sh', '-c', script],
      start: false,
      ...(options.tty ? { tty: true } : {}),
      ...(options.logDriver ? { logDriver: options.logDriver } : {}),
    });
    const started = await manager.request('log.stream.start', { container: c.id, tail: 1_000_000 });
    expect(started).toMatchObject({ container: c.id, nextSeq: 0, tty: options.tty ?? false });
    await c.container.start();
    expect(await waitForExit(engine, c.id, { timeoutMs: options.timeoutMs ?? 60_000 })).toBe(0);
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    const want = expected.stdout.length + expected.stderr.length;
    let have = 0;
    try {
      await waitFor(
        () => {
          const got = entriesToStreams(manager.entries.get(c.id) ?? []);
          have = got.stdout.length + got.stderr.length;
          return have >= want;
        },
        {
          timeoutMs: options.timeoutMs ?? 60_000,
          what: `the agent to deliver ${want} bytes of ${c.name}`,
          detail: () =>
            `delivered ${have} bytes; last entries: ${JSON.stringify((manager.entries.get(c.id) ?? []).slice(-3))}`,
        },
      );
    } catch (error) {
      if (error instanceof WaitTimeoutError) error.message += `\nagent log: ${await bed().agentLog()}`;
      throw error;
    }
    const entries = manager.entries.get(c.id) ?? [];
    const got = entriesToStreams(entries);
    return { c, entries, got, expected };
  }

  function expectSame(got: { stdout: Buffer; stderr: Buffer }, expected: { stdout: Buffer; stderr: Buffer }) {
    // Compare as hex-free Buffers but report readable diffs on failure.
    expect(got.stdout.length).toBe(expected.stdout.length);
    expect(got.stderr.length).toBe(expected.stderr.length);
    expect(got.stdout.equals(expected.stdout)).toBe(true);
    expect(got.stderr.equals(expected.stderr)).toBe(true);
  }

  describe(title, () => {
    it('a 40 KiB line, which Docker splits into 16 KiB pieces, arrives whole', async () => {
      const { got, expected, entries } = await followThroughExit(
        "echo before; yes x | head -n 40960 | tr -d '\\n'; echo; echo after",
      );
      expectSame(got, expected);
      const lines = entries.filter((e) => e.kind === 'line');
      expect(lines.map((l) => l.text.length)).toEqual([6, 40960, 5]);
    });

    it('multi-byte UTF-8 stays intact', async () => {
      const { got, expected, entries } = await followThroughExit(
        "printf 'h\\303\\251llo \\346\\274\\242\\345\\255\\227 \\360\\237\\220\\263\\n'",
      );
      expectSame(got, expected);
      expect(entries[0]).toMatchObject({ text: 'héllo 漢字 🐳' });
    });

    it('a character cut by a 16 KiB split is whole again (local driver keeps raw bytes)', async () => {
      // json-file stores each 16 KiB piece as a JSON string and so replaces the halves of a cut
      // character with U+FFFD in Docker itself; the local driver keeps the bytes, so the rejoined
      // line must be valid UTF-8 again.
      const { got, expected, entries } = await followThroughExit(
        "yes 漢 | head -n 7000 | tr -d '\\n'; echo",
        {
          logDriver: 'local',
        },
      );
      expectSame(got, expected);
      const line = entries.find((e) => e.kind === 'line');
      expect(line?.kind === 'line' && line.encoding).toBe(undefined);
      expect(line?.kind === 'line' && line.text === '漢'.repeat(7000)).toBe(true);
    });

    it('ANSI colours and CRLF pass through untouched', async () => {
      const { got, expected, entries } = await followThroughExit(
        "printf '\\033[1;31mred\\033[0m plain\\n'; printf 'dos line\\r\\nnext\\r\\n'",
      );
      expectSame(got, expected);
      expect(entries.filter((e) => e.kind === 'line').map((e) => (e.kind === 'line' ? e.text : ''))).toEqual([
        '\u001b[1;31mred\u001b[0m plain',
        'dos line\r',
        'next\r',
      ]);
    });

    it('interleaved stdout and stderr keep their order within each stream', async () => {
      const { got, expected } = await followThroughExit(
        'for i in $(seq 1 500); do echo "out $i"; echo "err $i" >&2; done',
      );
      expectSame(got, expected);
      const outLines = got.stdout.toString().trimEnd().split('\n');
      expect(outLines).toEqual(Array.from({ length: 500 }, (_, i) => `out ${i + 1}`));
    });

    it('a last line without a newline stays without one', async () => {
      const { got, expected, entries } = await followThroughExit("printf 'first\\nlast without newline'");
      expectSame(got, expected);
      expect(entries.at(-1)).toMatchObject({ kind: 'line', text: 'last without newline', partial: true });
    });

    it('a TTY container (raw stream, CRLF from the pty) is read without frame headers', async () => {
      const { got, expected, entries } = await followThroughExit(
        "printf 'tty one\\ntty two\\n'; printf 'x%.0s' $(seq 1 20000); echo",
        {
          tty: true,
        },
      );
      expectSame(got, expected);
      expect(
        entries.filter((e) => e.kind === 'line').map((e) => (e.kind === 'line' ? e.text.length : 0)),
      ).toEqual([8, 8, 20001]);
    });

    it('bytes that are not UTF-8 travel as base64 and come back identical (local driver)', async () => {
      const { got, expected, entries } = await followThroughExit("printf 'ok\\n\\377\\376 raw\\n'", {
        logDriver: 'local',
      });
      expectSame(got, expected);
      expect(entries.filter((e) => e.kind === 'line').map((e) => e.kind === 'line' && e.encoding)).toEqual([
        undefined,
        'base64',
      ]);
    });

    it('200,000 lines printed as fast as possible: all of them, in order, numbered 0…199,999', async () => {
      const { got, expected, entries } = await followThroughExit('seq 1 200000', { timeoutMs: 110_000 });
      expectSame(got, expected);
      const seqs = entries.flatMap((e) => (e.kind === 'line' ? [e.seq] : []));
      expect(seqs.length).toBe(200_000);
      expect(seqs.every((s, i) => s === i)).toBe(true);
      expect(entries.some((e) => e.kind === 'gap')).toBe(false);
      expect(bed().manager.batchSubjects).toContain('log.batch.packed');
    }, 120_000);
  });
}
