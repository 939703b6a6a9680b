import { type AgentView, ProtocolError, type ResultOf } from '@bosun/protocol';
import type { AgentRequestSubject } from '../agents/request-timeouts.ts';
import type { AuditEntry } from '../audit/append-audit.ts';
import { auditActorOf, canOperateOn, canOperateSomewhere, type Principal } from '../principal.ts';
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
  /** An agent the user may see, by id or name; not found, exactly as an unknown one, otherwise. */
  resolveAgent(ref: string, principal: Principal): Promise<AgentView>;
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
 * Starts, stops or restarts one container on behalf of a user: operators and admins of its host
 * (by global role or grant) only. A user who may operate nowhere is refused before anything is
 * looked up; a host the user cannot see is not found, as an unknown one is; a host the user only
 * views is refused. Every attempt is audited, refusals included, with the outcome of what the
 * agent answered.
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
  const deny = async (target: string, message: string) => {
    await deps.audit({ ...record, target, outcome: 'denied', detail: { role: principal.role } });
    return new ProtocolError('forbidden', message);
  };
  if (!canOperateSomewhere(principal)) {
    const message =
      principal.role === 'none'
        ? `you cannot ${action} containers: you are operator on no host`
        : `${principal.role}s cannot ${action} containers`;
    throw await deny(`${agentRef}/${containerRef}`, message);
  }
  let target = `${agentRef}/${containerRef}`;
  let agent: AgentView;
  try {
    agent = await deps.resolveAgent(agentRef, principal);
  } catch (error) {
    await auditError(deps, record, target, error);
    throw error;
  }
  if (!canOperateOn(principal, agent.id)) {
    throw await deny(
      `${agent.id}/${containerRef}`,
      `you may only view ${agent.name}, not ${action} its containers`,
    );
  }
  try {
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
    await auditError(deps, record, target, error);
    throw error;
  }
}

function auditError(
  deps: ContainerActionDeps,
  record: { actor: string; action: string },
  target: string,
  error: unknown,
): Promise<void> {
  const code = error instanceof ProtocolError ? error.code : 'internal';
  return deps.audit({ ...record, target, outcome: 'error', detail: { code } });
}
