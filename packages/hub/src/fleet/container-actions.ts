import { type AgentView, ProtocolError, type ResultOf } from '@bosun/protocol';
import type { AgentRequestSubject } from '../agents/request-timeouts.ts';
import type { AuditEntry } from '../audit/append-audit.ts';
import { auditActorOf, canOperate, type Principal } from '../principal.ts';
import type { ContainerResolver } from './container-resolver.ts';

/** What a user may do to a container (operators and admins only). */
export type ContainerAction = 'start' | 'stop' | 'restart';
/** The agent's answer: the container's id and the state Docker reports after the action. */
export type ContainerActionResult = ResultOf<'container.start'>;
/**
 * `timeoutSeconds`: Docker's stop grace period before it kills (stop and restart); `source`: the
 * client's address, for the audit log.
 */
export type ContainerActionOptions = { timeoutSeconds?: number; source?: string };

/** What a container action needs from the hub. */
export interface ContainerActionDeps {
  resolveAgent(ref: string): Promise<AgentView>;
  containers: Pick<ContainerResolver, 'resolve'>;
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
  const record = {
    ...auditActorOf(principal),
    action: `container.${action}`,
    source: options.source ?? null,
  } as const;
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
    // A name asked for right after a manager restart waits for the agent's first list.
    const containerId = await deps.containers.resolve(agent, containerRef, 'waitForList');
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
