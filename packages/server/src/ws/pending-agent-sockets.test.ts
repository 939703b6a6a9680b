import { describe, expect, it } from 'vitest';
import { PendingAgentSockets } from './pending-agent-sockets.ts';

describe('PendingAgentSockets', () => {
  it('bounds sockets per address and frees a slot on release', () => {
    const pending = new PendingAgentSockets(2, 10);
    const a = pending.tryAcquire('10.0.0.1');
    const b = pending.tryAcquire('10.0.0.1');
    expect(a && b).toBeTruthy();
    expect(pending.tryAcquire('10.0.0.1')).toBeUndefined();
    expect(pending.tryAcquire('10.0.0.2')).toBeDefined();
    a!();
    expect(pending.tryAcquire('10.0.0.1')).toBeDefined();
  });

  it('bounds the total across addresses', () => {
    const pending = new PendingAgentSockets(5, 2);
    expect(pending.tryAcquire('a')).toBeDefined();
    expect(pending.tryAcquire('b')).toBeDefined();
    expect(pending.tryAcquire('c')).toBeUndefined();
    expect(pending.size).toBe(2);
  });

  it('releasing twice counts once', () => {
    const pending = new PendingAgentSockets(1, 1);
    const release = pending.tryAcquire('a')!;
    release();
    release();
    expect(pending.size).toBe(0);
    expect(pending.tryAcquire('a')).toBeDefined();
    expect(pending.tryAcquire('b')).toBeUndefined();
  });
});
