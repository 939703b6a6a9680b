import { z } from 'zod';
import { ProtocolError } from './errors.ts';
import { nonNegativeInt } from './fields.ts';

/**
 * The protocol version this build speaks; agents send theirs in `agent.hello`, managers theirs in
 * its result. Bumped only for changes an older peer cannot safely ignore.
 *
 * The wire compatibility rule, so a fleet can upgrade its manager first and its hosts over days:
 * - A manager speaking version N accepts agents of N and N-1 (`MIN_AGENT_PROTOCOL_VERSION`) and
 *   lists an N-1 agent as outdated.
 * - A frame field added in version N is optional in N's schemas, since an N-1 peer neither sends
 *   nor expects it; it may become required in N+1. Objects are not strict, so a field a peer does
 *   not know is dropped by its schema, not refused.
 * - An agent newer than its manager is refused with `protocol_mismatch` and keeps retrying with
 *   its backoff, having said once to upgrade the manager (which is probably being upgraded). An
 *   agent older than N-1 is refused with a message that says to upgrade the agent.
 *
 * Version 2 added `protocol` to the hello result, so an agent knows which version its manager
 * speaks, and the details of a `protocol_mismatch` refusal (`protocolMismatchDetailsSchema`).
 * It also added flow control to stored-log reads: `log.read`'s optional `window` and the
 * manager's `log.read.credit` and `log.read.cancel` pushes. A manager sends them only to agents
 * whose hello said protocol 2 or newer; an agent of 1 reads as before, unwindowed, to its end.
 */
export const PROTOCOL_VERSION = 2;

/** The oldest agent protocol a manager of `PROTOCOL_VERSION` accepts: the one before its own. */
export const MIN_AGENT_PROTOCOL_VERSION = PROTOCOL_VERSION - 1;

/**
 * Where an agent's protocol version stands with this manager: its own, the previous one
 * (accepted, listed as outdated), or outside what it accepts.
 */
export type AgentProtocolStanding = 'current' | 'outdated' | 'too_old' | 'too_new';

/** How an agent speaking `agentProtocol` stands with a manager of this build. */
export function agentProtocolStanding(agentProtocol: number): AgentProtocolStanding {
  if (agentProtocol > PROTOCOL_VERSION) return 'too_new';
  if (agentProtocol < MIN_AGENT_PROTOCOL_VERSION) return 'too_old';
  return agentProtocol === PROTOCOL_VERSION ? 'current' : 'outdated';
}

/**
 * What the hello of every protocol version has: its subject and a numeric `protocol`. A manager
 * reads a hello that fails its own schema with this, to answer an agent it does not accept with
 * a protocol mismatch rather than a bad frame.
 */
export const anyVersionHelloSchema = z.object({
  subject: z.literal('agent.hello'),
  data: z.object({ protocol: z.number() }),
});

/** What a manager tells an agent it refuses for its protocol version: the versions it speaks and accepts. */
export const protocolMismatchDetailsSchema = z.object({
  protocol: nonNegativeInt,
  minAgentProtocol: nonNegativeInt,
});

/** The details of a `protocol_mismatch` refusal. */
export type ProtocolMismatchDetails = z.infer<typeof protocolMismatchDetailsSchema>;

/**
 * The manager's refusal of an agent speaking `agentProtocol`, or undefined when it is accepted.
 * The message says which side to upgrade; the details let the agent say it in its own words.
 */
export function agentProtocolRefusal(agentProtocol: number): ProtocolError | undefined {
  const standing = agentProtocolStanding(agentProtocol);
  if (standing === 'current' || standing === 'outdated') return undefined;
  const details: ProtocolMismatchDetails = {
    protocol: PROTOCOL_VERSION,
    minAgentProtocol: MIN_AGENT_PROTOCOL_VERSION,
  };
  const message =
    standing === 'too_new'
      ? `this manager speaks protocol ${PROTOCOL_VERSION}, the agent ${agentProtocol}: upgrade the manager`
      : `this manager speaks protocol ${PROTOCOL_VERSION} and accepts agents of protocol ${MIN_AGENT_PROTOCOL_VERSION} and newer, the agent ${agentProtocol}: upgrade the agent`;
  return new ProtocolError('protocol_mismatch', message, { details });
}

// Managers of protocol 1 spoke only that version and refused without details.
const PROTOCOL_1_MANAGER: ProtocolMismatchDetails = { protocol: 1, minAgentProtocol: 1 };

/**
 * What an agent speaking `agentProtocol` says when its manager refused it for its version, given
 * the refusal's details: which side to upgrade.
 */
export function describeProtocolRefusal(details: unknown, agentProtocol: number = PROTOCOL_VERSION): string {
  const parsed = protocolMismatchDetailsSchema.safeParse(details);
  const manager = parsed.success ? parsed.data : PROTOCOL_1_MANAGER;
  if (agentProtocol > manager.protocol) {
    return `manager speaks protocol ${manager.protocol}, this agent ${agentProtocol}: upgrade the manager`;
  }
  return `manager speaks protocol ${manager.protocol} and accepts agents of protocol ${manager.minAgentProtocol} and newer, this agent ${agentProtocol}: upgrade the agent`;
}
