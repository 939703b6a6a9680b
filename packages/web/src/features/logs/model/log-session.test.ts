import { CLOSE_CODES, encodeErrorReply, encodePush, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { lines } from '../testing/log-lines.ts';
import { settle, setup } from '../testing/session-harness.ts';

describe('LogSession subscribing', () => {
  it('subscribes each source with a tail, then passes history and live entries on', () => {
    const { session, current, of } = setup({ sources: ['host-1/web', 'host-2/db.1'] });
    session.start();
    current().open();
    const subscribes = current().subscribes();
    expect(subscribes.map((s) => s.data)).toEqual([
      { sub: expect.any(String), agent: 'host-1', container: 'web', tail: 100 },
      { sub: expect.any(String), agent: 'host-2', container: 'db.1', tail: 100 },
    ]);
    expect(new Set(subscribes.map((s) => s.data.sub)).size).toBe(2);

    const sub = current().accept('web', { nextSeq: 4 });
    current().history(sub, lines(0, 1), false);
    current().history(sub, lines(2, 3), true);
    current().batch(sub, lines(4, 4));

    expect(of('connection')).toEqual([['connecting'], ['live']]);
    expect(of('entries')).toEqual([
      ['host-1/web', lines(0, 1), 'history'],
      ['host-1/web', lines(2, 3), 'history'],
      ['host-1/web', lines(4, 4), 'live'],
    ]);
    expect(of('source').filter((e) => e[0] === 'host-1/web')).toEqual([
      ['host-1/web', 'subscribing'],
      ['host-1/web', 'live'],
    ]);
    expect(session.lastSeq('host-1/web')).toBe(4);
  });

  it('starts on its own after construction', async () => {
    const { sockets, of } = setup({ autoStart: true });
    expect(sockets).toHaveLength(0);
    await settle();
    expect(sockets).toHaveLength(1);
    expect(of('connection')).toEqual([['connecting']]);
  });

  it('reports a malformed source key without asking the manager', () => {
    const { session, current, of } = setup({ sources: ['no-slash', 'host/web'] });
    session.start();
    current().open();
    expect(of('source')[0]).toEqual(['no-slash', 'error', '"no-slash" is not <host>/<container>']);
    expect(current().subscribes()).toHaveLength(1);
  });

  it('puts an error reply on the source', () => {
    const { session, current, of } = setup();
    session.start();
    current().open();
    const [request] = current().subscribes();
    current().receive(
      encodeErrorReply(request?.reply ?? '', new ProtocolError('not_found', 'no container "web" on host-1')),
    );
    expect(of('source').at(-1)).toEqual(['host-1/web', 'error', 'no container "web" on host-1']);
  });

  it('asks again while the host is offline or the answer is passing, and resumes where it stopped', () => {
    const { session, current, timers, reconnect, of } = setup();
    session.start();
    current().open();
    const sub = current().accept('web', { nextSeq: 3 });
    current().history(sub, lines(0, 2), true);
    reconnect();
    const refuse = (code: string, message: string) => {
      const request = current().subscribes().at(-1);
      current().receive(
        encodeErrorReply(request?.reply ?? '', new ProtocolError(code as 'timeout', message)),
      );
    };
    refuse('agent_offline', 'agent host-1 is offline and its containers are unknown');
    expect(of('source').at(-1)).toEqual([
      'host-1/web',
      'agent_offline',
      'agent host-1 is offline and its containers are unknown',
    ]);
    expect(timers.pending).toBe(1);
    timers.runAll();
    refuse('timeout', 'the agent did not answer in time');
    expect(of('source').at(-1)).toEqual(['host-1/web', 'retrying', 'the agent did not answer in time']);
    timers.runAll();
    const retries = current().subscribes();
    expect(retries).toHaveLength(3);
    expect(retries.map((r) => r.data.fromSeq)).toEqual([3, 3, 3]);
    expect(timers.delays.slice(-2)).toEqual([500, 1000]);
    current().accept('web', { nextSeq: 3 });
    current().history(retries[2]?.data.sub ?? '', [], true);
    current().batch(retries[2]?.data.sub ?? '', lines(3, 3));
    expect(of('entries').at(-1)).toEqual(['host-1/web', lines(3, 3), 'live']);
    expect(of('source').at(-1)).toEqual(['host-1/web', 'live']);
    expect(timers.pending).toBe(0);
  });

  it('a refusal no retry can change stays on the source, and close() cancels a pending retry', () => {
    const { session, current, timers, of } = setup();
    session.start();
    current().open();
    const [request] = current().subscribes();
    current().receive(encodeErrorReply(request?.reply ?? '', new ProtocolError('forbidden', 'not yours')));
    expect(of('source').at(-1)).toEqual(['host-1/web', 'error', 'not yours']);
    expect(timers.pending).toBe(0);

    const other = setup();
    other.session.start();
    other.current().open();
    const [first] = other.current().subscribes();
    other
      .current()
      .receive(encodeErrorReply(first?.reply ?? '', new ProtocolError('agent_offline', 'host-1 is offline')));
    expect(other.timers.pending).toBe(1);
    other.session.close();
    expect(other.timers.pending).toBe(0);
  });

  it('judges each source on its own seqs and emits nothing for a batch that only repeats', () => {
    const { session, current, of } = setup({ sources: ['host-1/web', 'host-2/db.1'] });
    session.start();
    current().open();
    const web = current().accept('web', { nextSeq: 3 });
    const db = current().accept('db.1', { nextSeq: 3 });
    current().history(web, lines(0, 2), true);
    current().history(db, lines(0, 2), true);
    current().batch(web, lines(1, 2));
    current().batch(db, lines(2, 3));
    expect(of('entries')).toEqual([
      ['host-1/web', lines(0, 2), 'history'],
      ['host-2/db.1', lines(0, 2), 'history'],
      ['host-2/db.1', lines(3, 3), 'live'],
    ]);
    expect(session.lastSeq('host-1/web')).toBe(2);
    expect(session.lastSeq('host-2/db.1')).toBe(3);
  });

  it('passes on gaps and statuses', () => {
    const { session, current, of } = setup();
    session.start();
    current().open();
    const sub = current().accept('web');
    current().receive(
      encodePush('logs.gap', { sub, fromSeq: 5, toSeq: 9, count: 5, reason: 'subscriber_behind' }),
    );
    current().receive(
      encodePush('logs.status', { sub, state: 'agent_offline', message: 'host-1 went away' }),
    );
    expect(of('gap')).toEqual([
      ['host-1/web', { fromSeq: 5, toSeq: 9, count: 5, reason: 'subscriber_behind' }],
    ]);
    expect(of('source').at(-1)).toEqual(['host-1/web', 'agent_offline', 'host-1 went away']);
  });

  it('ignores a bad frame with a warning and goes on', () => {
    const { session, current, of } = setup();
    session.start();
    current().open();
    const sub = current().accept('web');
    expect(() => current().receive('{not json')).not.toThrow();
    current().receive(
      JSON.stringify({ subject: 'logs.batch', data: { sub, entries: [{ kind: 'line', seq: -1 }] } }),
    );
    current().receive(
      encodePush('logs.history', { sub, entries: [], done: true }).replace('logs.history', 'logs.nope'),
    );
    expect(of('warning')).toHaveLength(3);
    expect(String(of('warning')[0]?.[0])).toContain('not valid JSON');
    current().batch(sub, lines(0, 0));
    expect(of('entries')).toEqual([['host-1/web', lines(0, 0), 'live']]);
  });
});

describe('LogSession stopping', () => {
  it('stops for good when the manager closes with unauthorized', () => {
    const { session, current, timers, of } = setup();
    session.start();
    current().open();
    current().drop(CLOSE_CODES.unauthorized, 'session ended');
    expect(of('connection').at(-1)).toEqual(['closed', 'unauthorized']);
    expect(timers.pending).toBe(0);
    expect(session.state).toBe('closed');
  });

  it('asks checkSession before reconnecting and stops when the session is gone', async () => {
    let answer = true;
    const checks: number[] = [];
    const { session, current, timers, sockets, of } = setup({
      checkSession: async () => {
        checks.push(1);
        return answer;
      },
    });
    session.start();
    current().drop();
    timers.runAll();
    await settle();
    expect(sockets).toHaveLength(2);
    answer = false;
    current().drop();
    timers.runAll();
    await settle();
    expect(checks).toHaveLength(2);
    expect(sockets).toHaveLength(2);
    expect(of('connection').at(-1)).toEqual(['closed', 'unauthorized']);
  });

  it('keeps trying when checkSession cannot tell', async () => {
    const { session, current, timers, sockets } = setup({
      checkSession: () => Promise.reject(new Error('offline')),
    });
    session.start();
    current().drop();
    timers.runAll();
    await settle();
    expect(sockets).toHaveLength(2);
  });

  it('close() cancels the pending reconnect and closes the socket', () => {
    const { session, current, timers, sockets, of } = setup();
    session.start();
    current().open();
    session.close();
    expect(current().closedWith).toBe(CLOSE_CODES.normal);
    expect(of('connection').at(-1)).toEqual(['closed']);
    current().drop();
    timers.runAll();
    expect(sockets).toHaveLength(1);

    const other = setup();
    other.session.start();
    other.current().drop();
    expect(other.timers.pending).toBe(1);
    other.session.close();
    expect(other.timers.pending).toBe(0);
  });
});
