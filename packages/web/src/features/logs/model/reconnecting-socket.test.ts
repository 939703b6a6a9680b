import { CLOSE_CODES } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { type FakeSocket, recordedSockets } from '../testing/fake-socket.ts';
import { ManualTimers } from '../testing/manual-timers.ts';
import { ReconnectingSocket } from './reconnecting-socket.ts';

function harness(createSocket?: (url: string) => FakeSocket) {
  const { sockets, createSocket: recordSocket } = recordedSockets();
  const timers = new ManualTimers();
  const calls: string[] = [];
  const socket = new ReconnectingSocket(
    {
      url: 'ws://m/ws/logs',
      createSocket: createSocket ?? recordSocket,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      random: () => 0.5,
    },
    {
      opened: () => calls.push('opened'),
      message: (data) => calls.push(`message ${String(data)}`),
      lost: () => calls.push('lost'),
      state: (state, detail) => calls.push(detail === undefined ? state : `${state} (${detail})`),
    },
  );
  return { socket, sockets, timers, calls, current: () => sockets.at(-1) as FakeSocket };
}

describe('ReconnectingSocket', () => {
  it('opens, passes messages on and sends only while open', () => {
    const { socket, current, calls } = harness();
    socket.start();
    socket.start();
    expect(socket.send('{}')).toBe(false);
    current().open();
    current().receive('hello');
    expect(socket.send('{"n":1}')).toBe(true);
    expect(current().sent).toEqual([{ n: 1 }]);
    expect(calls).toEqual(['connecting', 'live', 'opened', 'message hello']);
  });

  it('reconnects once for an error followed by a close', () => {
    const { socket, current, timers, calls, sockets } = harness();
    socket.start();
    current().open();
    current().onerror?.(new Event('error'));
    current().drop(CLOSE_CODES.abnormal);
    expect(timers.pending).toBe(1);
    expect(calls.filter((c) => c === 'lost')).toHaveLength(1);
    expect(calls.at(-1)).toBe('reconnecting (connection lost (1006); retrying in 0.3 s)');
    timers.runAll();
    expect(sockets).toHaveLength(2);
  });

  it('ignores events of a socket it already replaced', () => {
    const { socket, sockets, timers, calls } = harness();
    socket.start();
    const first = sockets[0] as FakeSocket;
    first.drop();
    timers.runAll();
    const before = calls.length;
    first.receive('stale');
    first.drop();
    expect(calls).toHaveLength(before);
  });

  it('closes for good when the socket cannot even be created', () => {
    const { socket, calls, timers } = harness(() => {
      throw new SyntaxError('invalid URL');
    });
    socket.start();
    expect(calls).toEqual(['connecting', 'closed (invalid URL)']);
    expect(timers.pending).toBe(0);
  });
});
