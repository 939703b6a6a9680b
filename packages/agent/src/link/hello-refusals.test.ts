import { PROTOCOL_VERSION, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { HelloRefusals } from './hello-refusals.ts';

function recorder() {
  const lines: Array<{ level: string; msg: string }> = [];
  const refusals = new HelloRefusals((level, msg) => lines.push({ level, msg }));
  return { lines, refusals };
}

const mismatch = (details?: unknown) =>
  new ProtocolError('protocol_mismatch', 'this manager speaks protocol 1', { details });

describe('HelloRefusals', () => {
  it('says once which side to upgrade, however often the manager refuses the protocol', () => {
    const { lines, refusals } = recorder();
    for (let i = 0; i < 5; i++) refusals.report(mismatch({ protocol: 1, minAgentProtocol: 1 }));
    expect(lines).toEqual([
      {
        level: 'error',
        msg: `manager speaks protocol 1, this agent ${PROTOCOL_VERSION}: upgrade the manager`,
      },
    ]);
  });

  it('speaks again when the answer changes', () => {
    const { lines, refusals } = recorder();
    refusals.report(mismatch());
    refusals.report(mismatch({ protocol: 9, minAgentProtocol: 8 }));
    expect(lines.map((line) => line.msg)).toEqual([
      `manager speaks protocol 1, this agent ${PROTOCOL_VERSION}: upgrade the manager`,
      `manager speaks protocol 9 and accepts agents of protocol 8 and newer, this agent ${PROTOCOL_VERSION}: upgrade the agent`,
    ]);
  });

  it('reports every other passing refusal each time', () => {
    const { lines, refusals } = recorder();
    refusals.report(new ProtocolError('rate_limited', 'slow down'));
    refusals.report(new ProtocolError('rate_limited', 'slow down'));
    expect(lines).toEqual([
      { level: 'warn', msg: 'manager refused hello; will retry' },
      { level: 'warn', msg: 'manager refused hello; will retry' },
    ]);
  });
});
