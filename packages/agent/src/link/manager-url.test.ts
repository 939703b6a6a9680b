import { describe, expect, it } from 'vitest';
import { agentSocketUrl } from './manager-url.ts';

describe('agentSocketUrl', () => {
  it('turns a web address into the agent socket URL', () => {
    expect(agentSocketUrl('http://127.0.0.1:7070')).toBe('ws://127.0.0.1:7070/ws/agent');
    expect(agentSocketUrl('https://bosun.example')).toBe('wss://bosun.example/ws/agent');
    expect(agentSocketUrl('ws://127.0.0.1:7070/custom')).toBe('ws://127.0.0.1:7070/custom');
  });

  it('refuses secrets in the URL and odd schemes', () => {
    expect(() => agentSocketUrl('http://u:p@h')).toThrow(/must not carry credentials/);
    expect(() => agentSocketUrl('http://h/?token=x')).toThrow(/must not carry credentials/);
    expect(() => agentSocketUrl('ftp://h')).toThrow(/unsupported/);
    expect(() => agentSocketUrl('nope')).toThrow(/not a URL/);
  });
});
