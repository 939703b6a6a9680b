import Docker from 'dockerode';

/**
 * Builds the dockerode client from a Docker host URL as the docker CLI spells
 * it (`unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`), so `DOCKER_HOST`
 * and `--docker-host` mean the same thing they mean to `docker`.
 */
export function connectDocker(dockerHost: string | undefined): Docker {
  return new Docker(dockerOptions(dockerHost));
}

/** dockerode's options for a Docker host URL; the local socket when there is none. */
export function dockerOptions(dockerHost: string | undefined): Docker.DockerOptions {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('/')) return { socketPath: dockerHost };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `unsupported Docker host ${JSON.stringify(dockerHost)}: use unix:///path or tcp://host:port`,
    );
  }
  return {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 2376 : 2375)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}
