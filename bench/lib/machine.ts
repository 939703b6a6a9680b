import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export function machineFacts(): Record<string, string | number> {
  const cpu = cpus();
  let docker = 'unknown';
  try {
    docker = execFileSync('dockerd', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // No dockerd on PATH: the engine was reached through DOCKER_HOST.
  }
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    node: process.version,
    docker,
    // Other work on the machine skews every figure; the load when the run began says if there was any.
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}
