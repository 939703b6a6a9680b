import { Command, Option } from 'commander';
import { withConnectionOptions } from '../client/cli-options.ts';

/** What `bosun inspect` takes besides its target. */
export type InspectOptions = { manager?: string; config?: string; format: 'table' | 'json' };

/** `bosun inspect HOST/CONTAINER`: one container's details, read by its agent from Docker. */
export function inspectCommand(): Command {
  return withConnectionOptions(
    new Command('inspect')
      .description("Show a container's details: image, state, run times, restarts, command, ports, labels.")
      .argument('<target>', 'HOST/CONTAINER: the host name, then the container name, id or id prefix')
      .addOption(
        new Option('--format <format>', 'table (readable lines), or json (the details as one JSON object)')
          .choices(['table', 'json'])
          .default('table')
          .env('BOSUN_FORMAT'),
      ),
  ).action(async (target: string, options: InspectOptions) => {
    const { runInspect } = await import('./inspect-run.ts');
    await runInspect(target, options);
  });
}
