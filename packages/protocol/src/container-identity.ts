import { z } from 'zod';
import { nonNegativeInt, text } from './fields.ts';

/** The Docker Compose labels an identity is read from; Compose v1 and v2 both set them. */
export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
} as const;

// Compose names projects `[a-z0-9][a-z0-9_-]*` and services `[a-zA-Z0-9._-]+`; labels set by hand
// may hold anything, so a part past this falls back to the container name rather than making an
// unbounded key.
const MAX_COMPOSE_PART = 128;
/** The longest identity key: `project/service#number` at its longest (a name is at most 256). */
export const MAX_IDENTITY_KEY_LENGTH = 2 * MAX_COMPOSE_PART + 11;

/**
 * What a container is across recreations, within its agent. `compose`: the Compose project,
 * service and container number, so `docker compose up` replacing a container keeps its identity;
 * `name`: the container name, so `docker rm` then `docker run --name` with the same name does.
 * `key` is unique within one agent (a Compose key always holds a `/`, which no container name
 * does) and is also how the identity reads: `shop/web#1` or `db`. A one-off container
 * (`docker compose run`) is `name`: it is not the next generation of its service, so it keeps
 * `project` and `service` for display but is known by its own name.
 */
export const containerIdentitySchema = z.object({
  key: text(MAX_IDENTITY_KEY_LENGTH).min(1),
  kind: z.enum(['compose', 'name']),
  project: text(MAX_COMPOSE_PART).optional(),
  service: text(MAX_COMPOSE_PART).optional(),
  number: nonNegativeInt.optional(),
  oneoff: z.literal(true).optional(),
});
/** A container's identity across recreations: see `containerIdentitySchema`. */
export type ContainerIdentity = z.infer<typeof containerIdentitySchema>;

/** What an identity is read from: a container's name (Docker's leading `/` allowed) and labels. */
export type IdentitySource = { name: string; labels: Readonly<Record<string, string>> };

/**
 * The identity of a container from its name and labels: the Compose labels when the project and
 * service are both set (and fit), else the name without Docker's leading slash. A missing or
 * malformed container number leaves the key without `#number`.
 */
export function containerIdentity({ name, labels }: IdentitySource): ContainerIdentity {
  const plainName = name.startsWith('/') ? name.slice(1) : name;
  const project = composePart(labels[COMPOSE_LABELS.project]);
  const service = composePart(labels[COMPOSE_LABELS.service]);
  if (project === undefined || service === undefined) return { key: plainName, kind: 'name' };
  // Compose writes `True`/`False`; v1 wrote the same words from Python's str(bool).
  if (labels[COMPOSE_LABELS.oneoff]?.toLowerCase() === 'true')
    return { key: plainName, kind: 'name', project, service, oneoff: true };
  const number = containerNumber(labels[COMPOSE_LABELS.number]);
  const key = number === undefined ? `${project}/${service}` : `${project}/${service}#${number}`;
  return number === undefined
    ? { key, kind: 'compose', project, service }
    : { key, kind: 'compose', project, service, number };
}

function composePart(value: string | undefined): string | undefined {
  if (value === undefined || value.length === 0 || value.length > MAX_COMPOSE_PART) return undefined;
  return value;
}

function containerNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}
