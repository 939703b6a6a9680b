import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import type { ControlAction, ControlOptions } from './control-run.ts';

const DESCRIPTIONS: Record<ControlAction, string> = {
  start: 'Start a stopped container and wait until Docker has started it.',
  stop: 'Stop a container (SIGTERM, then SIGKILL after the grace time) and wait for it.',
  restart: 'Restart a container and wait until it runs again.',
};

/**
 * `bosun start`, `bosun stop` and `bosun restart` of one HOST/CONTAINER; each prints the target
 * once done, as `docker stop` prints the name.
 */
export function controlCommands(): Command[] {
  return (['start', 'stop', 'restart'] as const).map(controlCommand);
}

function controlCommand(action: ControlAction): Command {
  const command = new Command(action)
    .description(DESCRIPTIONS[action])
    .argument('<target>', 'HOST/CONTAINER: the host name, then the container name, id or id prefix');
  if (action !== 'start') {
    command.addOption(
      new Option('-t, --time <seconds>', 'seconds to wait for the container to stop before killing it').env(
        'BOSUN_STOP_TIMEOUT',
      ),
    );
  }
  return withConnectionOptions(command).action(async (targetArg: string, options: ControlOptions) => {
    const { runControl } = await import('./control-run.ts');
    await runControl(action, targetArg, options);
  });
}
