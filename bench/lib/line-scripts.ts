import type Dockerode from 'dockerode';

// Container commands for the fixture image (busybox). Each prints a "ready" line (seq 0), then
// waits for SIGUSR1, so every client can be attached and caught up before the measured lines
// start: the clock starts at the signal, for bosun and the bare client alike.

const WAIT_FOR_GO = `trap 'go=1' USR1; echo ready; while [ -z "$go" ]; do usleep 20000; done`;

// ~100-byte lines, as agent-follow makes them.
export const LINE_SUFFIX =
  ' lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt';

/** `lines` lines of ~100 bytes, as fast as sed can write them. */
export function burstCommand(lines: number): string[] {
  return ['sh', '-c', `${WAIT_FOR_GO}; seq 1 ${lines} | sed 's/$/${LINE_SUFFIX}/'`];
}

/**
 * `lines` lines at `perSecond`, paced on the shell's microsecond clock ($EPOCHREALTIME) so the
 * average rate holds however long each loop turn takes; a line carries its number and the
 * shell's write time (µs) for anyone reading the raw logs. Lines due are written together every
 * `tickMs` (1 ms: about one line per write at 1,000 lines/s, as a program logging steadily does).
 */
export function pacedCommand(perSecond: number, lines: number, tickMs = 1): string[] {
  const loop = [
    `t0=\${EPOCHREALTIME/./}; i=0`,
    `while [ $i -lt ${lines} ]; do`,
    `  now=\${EPOCHREALTIME/./}`,
    `  due=$(( (now - t0) * ${perSecond} / 1000000 + 1 )); [ $due -gt ${lines} ] && due=${lines}`,
    `  while [ $i -lt $due ]; do i=$((i+1)); echo "$i $now${LINE_SUFFIX.slice(0, 70)}"; done`,
    `  usleep ${tickMs * 1000}`,
    'done',
  ].join('\n');
  return ['sh', '-c', `${WAIT_FOR_GO}\n${loop}`];
}

/** Starts the measured lines of a container running one of the commands above. */
export async function go(container: Dockerode.Container): Promise<void> {
  await container.kill({ signal: 'USR1' });
}
