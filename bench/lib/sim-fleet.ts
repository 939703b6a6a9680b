import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exited, reap } from './child-exit.ts';
import type { SimSpec, SimStats } from './sim-agents.ts';

const SCRIPT = fileURLToPath(new URL('./sim-agents.ts', import.meta.url));

export type SimFleet = {
  pid: number;
  stats(): Promise<SimStats>;
  stop(): Promise<void>;
};

/** Starts the simulated agents of `spec` in a process of their own. */
export function startSimFleet(spec: SimSpec): SimFleet {
  const child: ChildProcess = fork(SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  reap(child);
  child.send({ type: 'start', spec });
  return {
    pid: child.pid!,
    stats: () =>
      new Promise((resolve, reject) => {
        const onMessage = (m: { type: string; stats?: SimStats }) => {
          if (m.type !== 'stats') return;
          child.off('message', onMessage);
          resolve(m.stats!);
        };
        child.on('message', onMessage);
        if (!child.connected) reject(new Error('the simulated agents process is gone'));
        else child.send({ type: 'stats' });
      }),
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
