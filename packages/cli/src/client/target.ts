import { agentNameSchema, containerRefSchema } from '@bosun/protocol';
import { UsageError } from '../exit-codes.ts';

/** A container on one host, as `HOST/CONTAINER` names it on the command line. */
export type Target = { host: string; container: string };

const EXAMPLE = 'e.g. db-1/web';

/** Checks `HOST/CONTAINER` with the schemas the manager applies, so a typo never leaves this machine. */
export function parseTarget(value: string): Target {
  const parts = value.split('/');
  if (parts.length !== 2)
    throw new UsageError(`expected HOST/CONTAINER, ${EXAMPLE}; got ${JSON.stringify(value)}`);
  const [host = '', container = ''] = parts;
  if (host === '') throw new UsageError(`the host is missing in ${JSON.stringify(value)} (${EXAMPLE})`);
  if (container === '')
    throw new UsageError(`the container is missing in ${JSON.stringify(value)} (${EXAMPLE})`);
  if (!agentNameSchema.safeParse(host).success) {
    throw new UsageError(`${JSON.stringify(host)} is not a host name: 1-64 characters of A-Z a-z 0-9 . _ -`);
  }
  if (!containerRefSchema.safeParse(container).success) {
    throw new UsageError(
      `${JSON.stringify(container)} is not a container name or id: 1-128 characters of A-Z a-z 0-9 _ . - not starting with . _ or -`,
    );
  }
  return { host, container };
}

/** A host alone (`bosun ps HOST`). */
export function parseHost(value: string): string {
  if (!agentNameSchema.safeParse(value).success) {
    throw new UsageError(`${JSON.stringify(value)} is not a host name: 1-64 characters of A-Z a-z 0-9 . _ -`);
  }
  return value;
}
