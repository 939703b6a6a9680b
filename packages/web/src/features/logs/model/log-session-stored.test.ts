import { encodeErrorReply, type LogEntry, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { lines } from '../testing/log-lines.ts';
import { setup } from '../testing/session-harness.ts';

const STORED_ID = 'c'.repeat(64);

/** A session whose one source was refused as offline (a manager that does not know the container). */
function offline() {
  const harness = setup();
  harness.session.start();
  harness.current().open();
  const [request] = harness.current().subscribes();
  harness
    .current()
    .receive(
      encodeErrorReply(
        request?.reply ?? '',
        new ProtocolError('agent_offline', 'agent host-1 is offline and its containers are unknown'),
      ),
    );
  return harness;
}

describe('LogSession taking stored entries while the host is offline', () => {
  it('passes them on, and the retry resumes right after them with nothing twice', () => {
    const { session, current, timers, of } = offline();
    const end: LogEntry = { kind: 'restart', afterSeq: 4, ts: '2026-11-25T06:30:05Z' };
    expect(session.takeStored('host-1/web', STORED_ID, [...lines(0, 4), end])).toBe(true);
    expect(of('entries')).toEqual([['host-1/web', [...lines(0, 4), end], 'stored']]);
    expect(session.lastSeq('host-1/web')).toBe(4);

    timers.runAll();
    const [retry] = current().subscribes().slice(-1);
    expect(retry?.data.fromSeq).toBe(5);
    const sub = current().accept('web', { id: STORED_ID, nextSeq: 8 });
    current().history(sub, [...lines(3, 4), end, ...lines(5, 7)], true);
    expect(of('entries').at(-1)).toEqual(['host-1/web', lines(5, 7), 'history']);
    expect(of('reset')).toEqual([]);
  });

  it('starts over with a reset when the name follows another container once the host is back', () => {
    const { session, current, timers, of } = offline();
    session.takeStored('host-1/web', STORED_ID, lines(0, 4));
    timers.runAll();
    current().accept('web', { id: 'd'.repeat(64), nextSeq: 2 });
    expect(of('reset')).toEqual([['host-1/web', 'the container was replaced']]);
    const fresh = current().subscribes().at(-1);
    expect(fresh?.data.fromSeq).toBeUndefined();
    const sub = current().accept('web', { id: 'd'.repeat(64), nextSeq: 2 });
    current().history(sub, lines(0, 1, 'new'), true);
    expect(of('entries').at(-1)).toEqual(['host-1/web', lines(0, 1, 'new'), 'history']);
  });

  it('refuses them once the source has had a line, or follows another container', () => {
    const live = setup();
    live.session.start();
    live.current().open();
    const sub = live.current().accept('web', { nextSeq: 3 });
    live.current().history(sub, lines(0, 2), true);
    expect(live.session.takeStored('host-1/web', 'a'.repeat(64), lines(0, 4))).toBe(false);
    expect(live.of('entries')).toHaveLength(1);

    const quiet = setup();
    quiet.session.start();
    quiet.current().open();
    quiet.current().accept('web', { id: 'a'.repeat(64), nextSeq: 0 });
    expect(quiet.session.takeStored('host-1/web', STORED_ID, lines(0, 4))).toBe(false);
    expect(quiet.session.takeStored('host-1/web', 'a'.repeat(64), lines(0, 4))).toBe(true);
    expect(quiet.session.takeStored('host-1/gone', STORED_ID, lines(0, 4))).toBe(false);
  });
});
