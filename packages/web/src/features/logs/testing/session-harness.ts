import { LogSession } from '../model/log-session.ts';
import type { LogSessionOptions } from '../model/session-types.ts';
import { type FakeSocket, recordedSockets } from './fake-socket.ts';
import { ManualTimers } from './manual-timers.ts';

/** A LogSession on fake sockets and hand-run timers, recording every event it emits. */
export function setup(overrides: Partial<LogSessionOptions> = {}) {
  const { sockets, createSocket } = recordedSockets();
  const timers = new ManualTimers();
  const events: unknown[][] = [];
  const session = new LogSession({
    url: 'ws://manager/ws/logs',
    sources: ['host-1/web'],
    tail: 100,
    createSocket,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    random: () => 0.5,
    autoStart: false,
    ...overrides,
  });
  for (const name of ['entries', 'connection', 'source', 'gap', 'skipped', 'reset', 'warning'] as const) {
    session.on(name, (...args: unknown[]) => events.push([name, ...args]));
  }
  const current = () => sockets.at(-1) as FakeSocket;
  const of = (name: string) => events.filter((e) => e[0] === name).map((e) => e.slice(1));
  /** The socket drops, the retry timer fires, and the next socket opens. */
  const reconnect = () => {
    current().drop();
    timers.runAll();
    current().open();
  };
  return { session, sockets, timers, events, current, of, reconnect };
}

/** Lets queued microtasks (LogSession's auto start) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
