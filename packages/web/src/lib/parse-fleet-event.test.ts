import { EXAMPLE_FLEET_EVENTS } from '@bosun/protocol/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFleetEvent } from './parse-fleet-event.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parseFleetEvent', () => {
  it('reads every kind of fleet event', () => {
    for (const event of Object.values(EXAMPLE_FLEET_EVENTS)) {
      expect(parseFleetEvent(JSON.stringify(event))).toEqual(event);
    }
  });

  it('takes a newer manager’s event with fields it does not know, without them', () => {
    const event = EXAMPLE_FLEET_EVENTS['agent.revoked'];
    expect(parseFleetEvent(JSON.stringify({ ...event, reason: 'compromised' }))).toEqual(event);
  });

  it('drops, with a warning, what is not JSON, an unknown kind, or a malformed event', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseFleetEvent('{"type":')).toBeUndefined();
    expect(parseFleetEvent(JSON.stringify({ type: 'agent.renamed', agentId: 'agt_1' }))).toBeUndefined();
    expect(
      parseFleetEvent(JSON.stringify({ ...EXAMPLE_FLEET_EVENTS['agent.online'], agent: { id: 'agt_1' } })),
    ).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[2]?.[0])).toMatch(/agent\.name/);
  });
});
