import { useColour } from '../client/colour.ts';
import { containerDetailAnswerSchema, formatContainerDetails } from '../client/container-details.ts';
import { ManagerClient } from '../client/http-client.ts';
import { loadConnection } from '../client/settings.ts';
import { parseTarget } from '../client/target.ts';
import { explainNotFound } from '../client/target-errors.ts';
import type { InspectOptions } from './inspect.ts';

/** The body of `bosun inspect`: asks the manager, which asks the container's agent. */
export async function runInspect(targetArg: string, options: InspectOptions): Promise<void> {
  const target = parseTarget(targetArg);
  const { manager, token } = await loadConnection(options);
  const path = `/api/agents/${encodeURIComponent(target.host)}/containers/${encodeURIComponent(target.container)}`;
  const { container } = await new ManagerClient(manager, { token })
    .json(path, containerDetailAnswerSchema)
    .catch((error: unknown) => {
      throw explainNotFound(error, target);
    });
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(container)}\n`);
  } else {
    process.stdout.write(
      formatContainerDetails(target.host, container, Date.now(), useColour(process.stdout)),
    );
  }
}
