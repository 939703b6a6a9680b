import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** /proc/self/mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const points = lines
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map(unescapeMountPath)
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * A dockerd that was killed (not stopped) leaves its overlay, netns and
 * data-root bind mounts behind, and its folder cannot be deleted until they go.
 * Lazy unmounts so a mount still held by a dying process does not block us.
 */
export function unmountUnder(dir: string): void {
  for (const point of mountsUnder(dir)) {
    spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  }
}
