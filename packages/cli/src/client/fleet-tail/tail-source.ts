/**
 * A container the fleet tail prints: its host and name as the manager lists them, its full id,
 * and the `host/container` label its prefix shows.
 */
export type TailSource = { host: string; container: string; id: string; label: string };

/** The source of a listed container. */
export function tailSource(container: { agentName: string; name: string; id: string }): TailSource {
  return {
    host: container.agentName,
    container: container.name,
    id: container.id,
    label: `${container.agentName}/${container.name}`,
  };
}
