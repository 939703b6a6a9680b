import { describe, expect, it } from 'vitest';
import { EventHub } from './event-hub.ts';

type Events = { ping: (n: number) => void };

describe('EventHub', () => {
  it('calls listeners until they unsubscribe', () => {
    const hub = new EventHub<Events>();
    const seen: number[] = [];
    const off = hub.on('ping', (n) => seen.push(n));
    hub.emit('ping', 1);
    off();
    hub.emit('ping', 2);
    expect(seen).toEqual([1]);
  });

  it('keeps going when a listener throws, and rethrows it afterwards', async () => {
    const hub = new EventHub<Events>();
    const seen: number[] = [];
    hub.on('ping', () => {
      throw new Error('listener bug');
    });
    hub.on('ping', (n) => seen.push(n));
    const rethrown = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      globalThis.queueMicrotask = (callback) => {
        globalThis.queueMicrotask = original;
        try {
          callback();
        } catch (error) {
          resolve(error);
        }
      };
    });
    hub.emit('ping', 3);
    expect(seen).toEqual([3]);
    expect(await rethrown).toEqual(new Error('listener bug'));
  });
});
