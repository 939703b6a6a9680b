import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import { encodePush } from './encode.ts';
import { AGENT_BEAT_FRAME, MANAGER_BEAT_FRAME } from './fixed-beat.ts';
import { subjectsFor } from './subjects.ts';

const FROM_AGENT = subjectsFor('agent->manager');
const TO_AGENT = subjectsFor('manager->agent');

describe('the fixed heartbeat frames', () => {
  it('are valid pushes: agent.beat from the agent, manager.beat to it, with no data', () => {
    const beat = decode(AGENT_BEAT_FRAME, { allow: FROM_AGENT });
    expect(beat.ok && beat.frame).toEqual({ subject: 'agent.beat', data: {} });
    const answer = decode(MANAGER_BEAT_FRAME, { allow: TO_AGENT });
    expect(answer.ok && answer.frame).toEqual({ subject: 'manager.beat', data: {} });
  });

  it('go one way each', () => {
    expect(decode(AGENT_BEAT_FRAME, { allow: TO_AGENT }).ok).toBe(false);
    expect(decode(MANAGER_BEAT_FRAME, { allow: FROM_AGENT }).ok).toBe(false);
  });

  // The runtime's auto-response matches one exact text: a peer that encodes the push itself
  // must come out with the same bytes.
  it('are byte for byte what encodePush makes of them', () => {
    expect(encodePush('agent.beat', {})).toBe(AGENT_BEAT_FRAME);
    expect(encodePush('manager.beat', {})).toBe(MANAGER_BEAT_FRAME);
  });
});
