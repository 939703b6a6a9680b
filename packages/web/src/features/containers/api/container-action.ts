import {
  type ContainerActionName,
  type ContainerListItem,
  containerActionResponseSchema,
} from '@bosun/protocol';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * Start, stop or restart one container and wait for the agent's answer. The new state reaches
 * the list through the event stream; the answer only tells the user it worked.
 */
export function useContainerAction(container: ContainerListItem) {
  return useMutation({
    mutationFn: (action: ContainerActionName) =>
      api(
        'POST',
        `/api/agents/${encodeURIComponent(container.agentId)}/containers/${encodeURIComponent(container.id)}/${action}`,
        containerActionResponseSchema,
      ),
  });
}
