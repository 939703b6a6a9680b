import { type AgentView, ProtocolError, type ResultOf } from '@bosun/protocol';
import type { AgentRequestSubject } from '../agents/request-timeouts.ts';
import type { AuditEntry } from '../audit.ts';
import { actorOf, canOperate, type Principal } from '../principal.ts';

export type ContainerAction = 'start' | 'stop' | 'restart';
export type ContainerActionResult = ResultOf<'container.start'>;
export type ContainerActionOptions = { timeoutSeconds?: number };

export interface ContainerActionDeps {
  resolveAgent(ref: string): Promise<AgentView>;
  resolveContainerId(agentId: string, ref: string): Promise<string>;
  request(
    agentId: string,
    subject: AgentRequestSubject,
    data: { id: string; timeoutSeconds?: number },
  ): Promise<ContainerActionResult>;
  /** The answer names the new state before Docker's event does; the cache takes it at once. */
  applied(agentId: string, result: ContainerActionResult): void;
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * Starts, stops or restarts one container on behalf of a user. Operators and admins only; every
 * attempt is audited, refusals included, with the outcome of what the agent answered.
 */
export async function runContainerAction(
  deps: ContainerActionDeps,
  principal: Principal,
  agentRef: string,
  containerRef: string,
  action: ContainerAction,
  options: ContainerActionOptions = {},
): Promise<ContainerActionResult> {
  const record = { actor: actorOf(principal), action: `container.${action}` } as const;
  if (!canOperate(principal)) {
    await deps.audit({
      ...record,
      target: `${agentRef}/${containerRef}`,
      outcome: 'denied',
      detail: { role: principal.role },
    });
    throw new ProtocolError('forbidden', `${principal.role}s cannot ${action} containers`);
  }
  let target = `${agentRef}/${containerRef}`;
  try {
    const agent = await deps.resolveAgent(agentRef);
    const containerId = await deps.resolveContainerId(agent.id, containerRef);
    target = `${agent.id}/${containerId}`;
    const data =
      options.timeoutSeconds === undefined
        ? { id: containerId }
        : { id: containerId, timeoutSeconds: options.timeoutSeconds };
    const result = await deps.request(agent.id, `container.${action}`, data);
    deps.applied(agent.id, result);
    await deps.audit({ ...record, target, outcome: 'ok', detail: { state: result.state } });
    return result;
  } catch (error) {
    const code = error instanceof ProtocolError ? error.code : 'internal';
    await deps.audit({ ...record, target, outcome: 'error', detail: { code } });
    throw error;
  }
}
