import { containerActionResponseSchema } from '@bosun/protocol';
import { ManagerClient } from '../client/http-client.ts';
import { type ConnectionOptions, loadConnection } from '../client/settings.ts';
import { parseTarget } from '../client/target.ts';
import { explainNotFound } from '../client/target-errors.ts';
import { UsageError } from '../exit-codes.ts';

/** What a control command does to its container. */
export type ControlAction = 'start' | 'stop' | 'restart';

/** The options of `bosun start|stop|restart`, as Commander parsed them. */
export type ControlOptions = ConnectionOptions & { time?: string };

// Docker's own default grace time, used to size how long we wait for the answer.
const DOCKER_STOP_SECONDS = 10;
// The manager (and the protocol) cap the grace time at ten minutes.
const MAX_STOP_SECONDS = 600;
// On top of the grace time: the round trip through manager and agent, and Docker's own work.
const ANSWER_MARGIN_MS = 60_000;

/** What `bosun start|stop|restart HOST/CONTAINER` does, loaded only when it runs. */
export async function runControl(
  action: ControlAction,
  targetArg: string,
  options: ControlOptions,
): Promise<void> {
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
}

function parseSeconds(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > MAX_STOP_SECONDS) {
    throw new UsageError(
      `-t/--time expects whole seconds from 0 to ${MAX_STOP_SECONDS}; got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}
