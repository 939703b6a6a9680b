import { containerActionResponseSchema } from '@bosun/protocol';
import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { parseTarget } from '../client/target.ts';
import { explainNotFound } from '../client/target-errors.ts';
import { UsageError } from '../exit-codes.ts';

type ControlAction = 'start' | 'stop' | 'restart';
type ControlOptions = ConnectionOptions & { time?: string };

const DESCRIPTIONS: Record<ControlAction, string> = {
  start: 'Start a stopped container and wait until Docker has started it.',
  stop: 'Stop a container (SIGTERM, then SIGKILL after the grace time) and wait for it.',
  restart: 'Restart a container and wait until it runs again.',
};

// Docker's own default grace time, used to size how long we wait for the answer.
const DOCKER_STOP_SECONDS = 10;
// The manager (and the protocol) cap the grace time at ten minutes.
const MAX_STOP_SECONDS = 600;
// On top of the grace time: the round trip through manager and agent, and Docker's own work.
const ANSWER_MARGIN_MS = 60_000;

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
    const target = parseTarget(targetArg);
    const seconds = options.time === undefined ? undefined : parseSeconds(options.time);
    const { manager, token } = await loadConnection(options);
    const path = `/api/agents/${encodeURIComponent(target.host)}/containers/${encodeURIComponent(target.container)}/${action}`;
    await new ManagerClient(manager, { token })
      .json(path, containerActionResponseSchema, {
        method: 'POST',
        body: seconds === undefined ? {} : { timeoutSeconds: seconds },
        timeoutMs: (seconds ?? DOCKER_STOP_SECONDS) * 1000 + ANSWER_MARGIN_MS,
      })
      .catch((error: unknown) => {
        throw explainNotFound(error, target);
      });
    // As `docker stop web` prints `web`: one line per container done, for scripts.
    process.stdout.write(`${targetArg}\n`);
  });
}

function parseSeconds(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > MAX_STOP_SECONDS) {
    throw new UsageError(
      `-t/--time expects whole seconds from 0 to ${MAX_STOP_SECONDS}; got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}
