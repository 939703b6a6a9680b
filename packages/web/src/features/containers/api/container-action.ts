import type { ContainerState } from '@bosun/protocol';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { Container } from '../../../lib/api-types.ts';

export type ContainerAction = 'start' | 'stop' | 'restart';

/**
 * Start, stop or restart one container and wait for the agent's answer. The new state reaches
 * the list through the event stream; the answer only tells the user it worked.
 */
export function useContainerAction(container: Container) {
  return useMutation({
    mutationFn: (action: ContainerAction) =>
      api<{ id: string; state: ContainerState }>(
        'POST',
        `/api/agents/${encodeURIComponent(container.agentId)}/containers/${encodeURIComponent(container.id)}/${action}`,
      ),
  });
}
