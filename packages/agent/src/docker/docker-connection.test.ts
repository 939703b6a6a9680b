import { describe, expect, it } from 'vitest';
import { dockerOptions } from './docker-connection.ts';

describe('dockerOptions', () => {
  it('reads the forms DOCKER_HOST takes', () => {
    expect(dockerOptions(undefined)).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(dockerOptions('unix:///tmp/d.sock')).toEqual({ socketPath: '/tmp/d.sock' });
    expect(dockerOptions('/tmp/d.sock')).toEqual({ socketPath: '/tmp/d.sock' });
    expect(dockerOptions('tcp://127.0.0.1:2375')).toEqual({
      host: '127.0.0.1',
      port: 2375,
      protocol: 'http',
    });
  });

  it('rejects what it cannot dial', () => {
    expect(() => dockerOptions('ssh://host')).toThrow(/unsupported Docker host/);
  });
});
