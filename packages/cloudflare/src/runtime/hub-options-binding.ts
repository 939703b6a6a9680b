import type { HubOptions } from '@bosun/hub';
import { ProtocolError } from '@bosun/protocol';

/**
 * `BOSUN_HUB_OPTIONS`: the hub's bounds to change, as a JSON object of numbers, booleans and
 * strings, for tests and benches that shorten heartbeats and lingers. An operator's knob, not a
 * user's input: it is checked for shape, not for sensible values.
 */
export function parseHubOptionsBinding(text: string | undefined): Partial<Omit<HubOptions, 'logger'>> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProtocolError('invalid_data', 'BOSUN_HUB_OPTIONS is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProtocolError('invalid_data', 'BOSUN_HUB_OPTIONS must be a JSON object');
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!['number', 'boolean', 'string'].includes(typeof value)) {
      throw new ProtocolError('invalid_data', `BOSUN_HUB_OPTIONS.${key} must be a number, boolean or string`);
    }
    options[key] = value;
  }
  return options as Partial<Omit<HubOptions, 'logger'>>;
}
