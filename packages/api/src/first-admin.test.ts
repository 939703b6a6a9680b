import { describe, expect, it } from 'vitest';
import { firstStartBox } from './first-admin.ts';

describe('firstStartBox', () => {
  it('shows the password once and points to the Account page, which exists', () => {
    const box = firstStartBox('admin', 'pw-123', 'http://127.0.0.1:7070/');
    expect(box).toContain('password: pw-123');
    expect(box).toContain('http://127.0.0.1:7070/account');
    expect(box).toContain('bosun login --manager http://127.0.0.1:7070/');
    // The web UI has no Users page for this: it is for admins managing others.
    expect(box).not.toMatch(/\(Users\)/);
  });

  it('frames every line to the same width', () => {
    const lines = firstStartBox('admin', 'x'.repeat(60), 'http://manager.example:7070').trimEnd().split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\+-+\+$/);
  });
});
