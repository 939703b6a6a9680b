import { describe, expect, it } from 'vitest';
import { agentHelloResultSchema } from './agent-subjects.ts';
import { decodeResult } from './decode.ts';
import { ProtocolError } from './errors.ts';
import { EXAMPLES } from './examples.ts';
import {
  agentProtocolRefusal,
  agentProtocolStanding,
  describeProtocolRefusal,
  MIN_AGENT_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
} from './wire-compat.ts';

const N = PROTOCOL_VERSION;

describe('agentProtocolStanding', () => {
  it('accepts this version and the one before, and nothing else', () => {
    expect(MIN_AGENT_PROTOCOL_VERSION).toBe(N - 1);
    expect(agentProtocolStanding(N)).toBe('current');
    expect(agentProtocolStanding(N - 1)).toBe('outdated');
    expect(agentProtocolStanding(N + 1)).toBe('too_new');
    expect(agentProtocolStanding(N - 2)).toBe('too_old');
  });
});

describe('agentProtocolRefusal', () => {
  it('refuses nobody it accepts', () => {
    expect(agentProtocolRefusal(N)).toBeUndefined();
    expect(agentProtocolRefusal(N - 1)).toBeUndefined();
  });

  it('tells a newer agent to upgrade the manager, with the versions in the details', () => {
    const refusal = agentProtocolRefusal(N + 1);
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect(refusal?.code).toBe('protocol_mismatch');
    expect(refusal?.message).toBe(
      `this manager speaks protocol ${N}, the agent ${N + 1}: upgrade the manager`,
    );
    expect(refusal?.details).toEqual({ protocol: N, minAgentProtocol: N - 1 });
  });

  it('tells an agent older than the previous version to upgrade the agent', () => {
    expect(agentProtocolRefusal(N - 2)?.message).toBe(
      `this manager speaks protocol ${N} and accepts agents of protocol ${N - 1} and newer, the agent ${N - 2}: upgrade the agent`,
    );
  });
});

describe('describeProtocolRefusal', () => {
  it('says to upgrade the manager when the agent is newer', () => {
    expect(describeProtocolRefusal({ protocol: 3, minAgentProtocol: 2 }, 4)).toBe(
      'manager speaks protocol 3, this agent 4: upgrade the manager',
    );
  });

  it('says to upgrade the agent when the manager no longer accepts it', () => {
    expect(describeProtocolRefusal({ protocol: 5, minAgentProtocol: 4 }, 3)).toBe(
      'manager speaks protocol 5 and accepts agents of protocol 4 and newer, this agent 3: upgrade the agent',
    );
  });

  it('takes a refusal without details for a manager of protocol 1, which sent none', () => {
    expect(describeProtocolRefusal(undefined, 2)).toBe(
      'manager speaks protocol 1, this agent 2: upgrade the manager',
    );
    expect(describeProtocolRefusal({ protocol: 'x' }, 2)).toBe(
      'manager speaks protocol 1, this agent 2: upgrade the manager',
    );
  });

  it('agrees with the refusal this build sends', () => {
    const refusal = agentProtocolRefusal(N + 1);
    expect(describeProtocolRefusal(refusal?.details, N + 1)).toBe(
      `manager speaks protocol ${N}, this agent ${N + 1}: upgrade the manager`,
    );
  });
});

// Optional welcome fields that say what this manager takes beyond its protocol version: an
// older agent drops them, and a newer agent uses what they offer only when a manager said so.
describe.each(['packedBatches', 'fixedBeat'] as const)('the welcome field %s', (field) => {
  const {
    credential: _credential,
    packedBatches: _packed,
    fixedBeat: _fixed,
    ...plain
  } = EXAMPLES['agent.hello'].result;
  // An agent of the release before the field read welcomes with this shape.
  const olderAgentSchema = agentHelloResultSchema.omit({ [field]: true } as { [K in typeof field]: true });

  it('is dropped by an older agent, not refused', () => {
    expect(olderAgentSchema.parse({ ...plain, [field]: true })).toEqual(plain);
  });

  it('is absent from an older manager’s welcome, which a newer agent takes as “no”', () => {
    const decoded = decodeResult('agent.hello', plain);
    expect(decoded.ok && decoded.result[field]).toBeUndefined();
  });

  it('is a boolean when present', () => {
    expect(decodeResult('agent.hello', { ...plain, [field]: true }).ok).toBe(true);
    expect(decodeResult('agent.hello', { ...plain, [field]: 'yes' }).ok).toBe(false);
  });
});
