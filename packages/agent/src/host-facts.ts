import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import type { HostFacts } from '@bosun/protocol';
import type { DockerAvailability } from './docker/docker-monitor.ts';

/** What the hello says about the host: name, OS, CPUs, memory and, when it answers, Docker's versions. */
export function readHostFacts(docker: DockerAvailability): HostFacts {
  const facts: HostFacts = {
    hostname: hostname().slice(0, 255),
    os: `${platform()} ${release()}`.slice(0, 255),
    arch: arch(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
  };
  if (docker.available) {
    facts.dockerVersion = docker.version;
    facts.dockerApiVersion = docker.apiVersion;
  }
  return facts;
}
