import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors.ts';
import { ReplyInboxes, type ReplyTimers } from './reply-inboxes.ts';

// Timers the test fires by hand, so a timeout is a step, not a wait.
function manualTimers(): ReplyTimers<number> & { fire(): void; pending: number } {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout(callback) {
      callbacks.set(++next, callback);
      return next;
    },
    clearTimeout(handle) {
      callbacks.delete(handle);
    },
    fire() {
      for (const [handle, callback] of [...callbacks]) {
        callbacks.delete(handle);
        callback();
      }
    },
    get pending() {
      return callbacks.size;
    },
  };
}

describe('ReplyInboxes', () => {
  it('settles a request with the raw result of its reply and forgets the inbox', async () => {
    const timers = manualTimers();
    const table = new ReplyInboxes({ timers });
    const { inbox, settled } = table.open(1000, 'no answer');
    expect(table.settle(inbox, { ok: true, result: { n: 1 } })).toBe(true);
    await expect(settled).resolves.toEqual({ n: 1 });
    expect(table.size).toBe(0);
    expect(timers.pending).toBe(0);
    expect(table.settle(inbox, { ok: true, result: {} })).toBe(false);
  });

  it('rejects with the peer’s error code and message', async () => {
    const table = new ReplyInboxes({ timers: manualTimers() });
    const { inbox, settled } = table.open(1000, 'no answer');
    table.settle(inbox, { ok: false, error: { code: 'not_found', message: 'no such container' } });
    await expect(settled).rejects.toMatchObject({ code: 'not_found', message: 'no such container' });
  });

  it('times out with the message it was given, and ignores a late reply', async () => {
    const timers = manualTimers();
    const table = new ReplyInboxes({ timers });
    const { inbox, settled } = table.open(1000, 'container.list: no answer within 1000 ms');
    timers.fire();
    await expect(settled).rejects.toMatchObject({
      code: 'timeout',
      message: 'container.list: no answer within 1000 ms',
    });
    expect(table.has(inbox)).toBe(false);
    expect(table.settle(inbox, { ok: true, result: {} })).toBe(false);
  });

  it('fails every request at once when the socket goes', async () => {
    const timers = manualTimers();
    const table = new ReplyInboxes({ timers });
    const a = table.open(1000, 'a');
    const b = table.open(1000, 'b');
    table.failAll(new ProtocolError('agent_offline', 'gone'));
    await expect(a.settled).rejects.toMatchObject({ code: 'agent_offline' });
    await expect(b.settled).rejects.toMatchObject({ code: 'agent_offline' });
    expect(timers.pending).toBe(0);
  });

  it('refuses a request past its bound with limit_exceeded', () => {
    const table = new ReplyInboxes({
      max: 2,
      timers: manualTimers(),
      limitMessage: (max) => `${max} in flight`,
    });
    table.open(1000, 'a');
    table.open(1000, 'b');
    expect(() => table.open(1000, 'c')).toThrow(
      expect.objectContaining({ code: 'limit_exceeded', message: '2 in flight' }),
    );
  });
});
