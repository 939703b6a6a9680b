import { describe, expect, it } from 'vitest';
import { joinCommands } from './join-commands.ts';

// tests/install/join-lines.test.ts runs these lines under sh; here, what they say.
const input = {
  manager: 'https://bosun.example.com',
  token: 'tok_123',
  image: 'bosun-agent:0.2.0',
  imageServed: true,
};

describe('joinCommands', () => {
  it('keeps the host network for a manager on loopback, where the container cannot reach it otherwise', () => {
    for (const manager of ['http://127.0.0.1:7070', 'http://localhost:7070', 'http://[::1]:7070']) {
      expect(joinCommands({ ...input, manager }).container).toContain(' --network host ');
    }
    expect(joinCommands(input).container).not.toContain('--network');
  });

  it('quotes what a shell would read otherwise', () => {
    const { native } = joinCommands({ ...input, token: "a'b" });
    expect(native).toBe(`curl -fsSL https://bosun.example.com/install.sh | BOSUN_JOIN_TOKEN='a'\\''b' sh`);
  });
});
