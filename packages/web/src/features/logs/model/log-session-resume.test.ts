import { CLOSE_CODES, encodePush, type LogEntry } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { lines } from '../testing/log-lines.ts';
import { setup } from '../testing/session-harness.ts';

describe('LogSession reconnecting', () => {
  it('resumes each source from the seq after the last line, dropping what repeats', () => {
    const { session, current, timers, of, sockets } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { nextSeq: 6 });
    current().history(sub, lines(3, 5), true);
    current().drop(CLOSE_CODES.abnormal);
    expect(of('connection').at(-1)?.[0]).toBe('reconnecting');
    expect(timers.pending).toBe(1);

    timers.runAll();
    expect(sockets).toHaveLength(2);
    current().open();
    expect(
      current()
        .subscribes()
        .map((s) => s.data),
    ).toEqual([{ sub: expect.any(String), agent: 'host-1', container: 'web', fromSeq: 6 }]);
    const resumed = current().accept('web', { firstSeq: 0, nextSeq: 8 });
    expect(resumed).not.toBe(sub);
    const restart: LogEntry = { kind: 'restart', afterSeq: 5, ts: '2026-11-25T06:31:00Z' };
    // A resume gets the marker after seq 5 again only if it was not seen; here it is new.
    current().history(resumed, [...lines(5, 5), restart, ...lines(6, 7)], true);
    expect(of('entries').at(-1)).toEqual(['host-1/web', [restart, ...lines(6, 7)], 'history']);
    expect(of('connection').map((e) => e[0])).toEqual(['connecting', 'live', 'reconnecting', 'live']);

    // Seen once, the marker is not passed on again by the next resume.
    current().drop(CLOSE_CODES.goingAway);
    timers.runAll();
    current().open();
    expect(current().subscribes()[0]?.data.fromSeq).toBe(8);
    const again = current().accept('web', { nextSeq: 8 });
    current().history(again, [restart], true);
    expect(of('entries')).toHaveLength(2);
  });

  it('resumes after a gap from the seq past it', () => {
    const { session, current, timers } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { nextSeq: 3 });
    current().history(sub, lines(0, 2), true);
    current().receive(
      encodePush('logs.gap', { sub, fromSeq: 3, toSeq: 20, count: 18, reason: 'subscriber_behind' }),
    );
    current().drop();
    timers.runAll();
    current().open();
    expect(current().subscribes()[0]?.data.fromSeq).toBe(21);
  });

  it('resumes a quiet stream from the nextSeq of its subscribe reply', () => {
    const { session, current, timers } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { firstSeq: 40, nextSeq: 50 });
    current().history(sub, [], true);
    current().drop();
    timers.runAll();
    current().open();
    expect(current().subscribes()[0]?.data).toMatchObject({ fromSeq: 50 });
  });

  it('backs off exponentially with full jitter, capped, and resets once the manager answers', () => {
    const { session, current, timers } = setup({
      random: () => 0.999,
      backoff: { initialMs: 500, maxMs: 10_000 },
    });
    session.start();
    for (let attempt = 0; attempt < 10; attempt++) {
      current().drop();
      timers.runAll();
    }
    expect(timers.delays).toEqual([499, 999, 1998, 3996, 7992, 9990, 9990, 9990, 9990, 9990]);
    current().open();
    current().accept('web');
    current().drop();
    expect(timers.delays.at(-1)).toBe(499);
  });

  it('spreads delays over the whole range', () => {
    const { session, current, timers } = setup({ random: () => 0 });
    session.start();
    current().drop();
    expect(timers.delays).toEqual([0]);
  });

  it('starts over when the name now points at another container', () => {
    const { session, current, timers, of } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { nextSeq: 10, id: 'a'.repeat(64) });
    current().history(sub, lines(7, 9), true);
    current().drop();
    timers.runAll();
    current().open();
    current().accept('web', { nextSeq: 3, id: 'b'.repeat(64) });
    expect(of('reset')).toEqual([['host-1/web', 'the container was replaced']]);
    const sent = current().sent.map((f) => [f.subject, f.data]);
    expect(sent.slice(1)).toEqual([
      ['logs.unsubscribe', { sub: expect.any(String) }],
      ['logs.subscribe', { sub: expect.any(String), agent: 'host-1', container: 'web', tail: 100 }],
    ]);
    const fresh = current().subscribes()[1]?.data.sub ?? '';
    current().history(fresh, lines(0, 2), true);
    expect(of('entries').at(-1)).toEqual(['host-1/web', lines(0, 2), 'history']);
  });

  it('starts over when the manager lost the numbering', () => {
    const { session, current, reconnect, of } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { nextSeq: 10 });
    current().history(sub, lines(7, 9), true);
    reconnect();
    const resumed = current().accept('web', { firstSeq: 0, nextSeq: 2 });
    expect(of('reset')).toEqual([['host-1/web', 'the manager restarted without its log position']]);
    current().history(resumed, lines(0, 1), true);
    expect(of('entries').at(-1)).toEqual(['host-1/web', lines(0, 1), 'history']);
    expect(session.lastSeq('host-1/web')).toBe(1);
  });

  it('asks for its filter, and resumes past the lines the filter held back, showing no gap', () => {
    const filter = { pattern: 'ERROR' };
    const { session, current, timers, of } = setup({ filter });
    session.start();
    current().open();
    expect(current().subscribes()[0]?.data.filter).toEqual(filter);
    const sub = current().accept('web', { nextSeq: 3 });
    current().history(sub, lines(2, 2), true);
    current().receive(encodePush('logs.skipped', { sub, count: 97, throughSeq: 99 }));
    expect(of('skipped')).toEqual([['host-1/web', 97]]);
    expect(of('gap')).toEqual([]);
    current().drop();
    timers.runAll();
    current().open();
    expect(current().subscribes()[0]?.data).toMatchObject({ fromSeq: 100, filter });
  });
});
