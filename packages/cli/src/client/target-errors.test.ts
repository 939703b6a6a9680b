import { ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { ManagerError } from '../exit-codes.ts';
import { explainNotFound } from './target-errors.ts';

const target = { host: 'db-1', container: 'web-9' };

describe('explainNotFound', () => {
  it('names the container and host as typed', () => {
    const error = explainNotFound(new ManagerError('not_found', 'No such container: web-9', 404), target);
    expect(error).toBeInstanceOf(ManagerError);
    expect((error as Error).message).toBe('no such container web-9 on host db-1');
  });

  it('names the host when the manager does not know it', () => {
    const error = explainNotFound(new ManagerError('not_found', 'no agent "db-1"', 404), target);
    expect((error as Error).message).toBe('no such host db-1');
  });

  it('leaves every other error alone', () => {
    const forbidden = new ManagerError('forbidden', 'viewers cannot stop containers', 403);
    expect(explainNotFound(forbidden, target)).toBe(forbidden);
    const plain = new ProtocolError('not_found', 'x');
    expect(explainNotFound(plain, target)).toBe(plain);
  });
});
