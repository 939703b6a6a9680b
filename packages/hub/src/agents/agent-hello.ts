import {
  agentProtocolRefusal,
  anyVersionHelloSchema,
  type DataOf,
  PROTOCOL_VERSION,
  ProtocolError,
  type ResultOf,
} from '@bosun/protocol';
import type { Clock } from '../ports/clock.ts';
import type { AgentRecord, Store } from '../ports/store.ts';
import { randomToken, sha256Hex } from '../secrets.ts';
import { newAgentId } from './agent-ids.ts';
import { sanitizeAgentName, uniqueAgentName } from './agent-names.ts';

/** An agent's first frame, as the protocol checked it: its versions, facts and credential or join token. */
export type AgentHello = DataOf<'agent.hello'>;

/** What the agent runs, as its hello said: the protocol version it speaks and its own version. */
export type AgentSoftware = { protocol: number; agentVersion: string };

/** What a successful hello yields: the agent's identity, what it runs and the answer to send it. */
export type Welcome = {
  record: AgentRecord;
  software: AgentSoftware;
  result: ResultOf<'agent.hello'>;
  joined: boolean;
};

const unauthorized = () => new ProtocolError('unauthorized', 'unknown, used, expired or revoked credential');

/**
 * Turns a hello into an identity. Identity comes from the secret only, never from the name the
 * agent proposes: a join token is exchanged once for a fresh agent and credential, a credential
 * finds its agent by hash. Only hashes are stored. A joining agent is named by its join token
 * when the token has a name, else by its proposal or hostname, made valid, never like an id, and
 * unique (`agent-names.ts`).
 */
export class HelloAuthenticator {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #heartbeatSeconds: number;
  // Joins run one at a time so two agents joining at once cannot both pick the same free name.
  // The chain holds one step per join in progress, each from a socket under the hello deadline.
  #joins: Promise<unknown> = Promise.resolve();

  constructor(store: Store, clock: Clock, heartbeatSeconds: number) {
    this.#store = store;
    this.#clock = clock;
    this.#heartbeatSeconds = heartbeatSeconds;
  }

  async authenticate(hello: AgentHello): Promise<Welcome> {
    const refusal = agentProtocolRefusal(hello.protocol);
    if (refusal) throw refusal;
    if ('joinToken' in hello.auth) {
      const token = hello.auth.joinToken;
      const joined = this.#joins.then(() => this.#join(hello, token));
      this.#joins = joined.catch(() => undefined);
      return joined;
    }
    return this.#resume(hello, hello.auth.credential);
  }

  async #join(hello: AgentHello, joinToken: string): Promise<Welcome> {
    const now = this.#clock.now();
    const agentId = newAgentId();
    const token = await this.#store.joinTokens.consume(await sha256Hex(joinToken), now, agentId);
    if (!token) throw unauthorized();
    const taken = new Set(
      (await this.#store.agents.list()).filter((a) => a.revokedAt === null).map((a) => a.name.toLowerCase()),
    );
    // The admin's name for the host wins over whatever the joining agent proposes.
    const proposed = token.name ?? hello.name ?? hello.host.hostname;
    const name = uniqueAgentName(sanitizeAgentName(proposed), taken);
    const credential = randomToken();
    const record: AgentRecord = {
      id: agentId,
      name,
      credentialHash: await sha256Hex(credential),
      createdAt: now,
      lastSeenAt: now,
      revokedAt: null,
      host: hello.host,
    };
    await this.#store.agents.create(record);
    return {
      record,
      software: softwareOf(hello),
      joined: true,
      result: {
        agentId,
        name,
        credential,
        heartbeatSeconds: this.#heartbeatSeconds,
        protocol: PROTOCOL_VERSION,
        packedBatches: true,
        fixedBeat: true,
      },
    };
  }

  async #resume(hello: AgentHello, credential: string): Promise<Welcome> {
    const found = await this.#store.agents.byCredentialHash(await sha256Hex(credential));
    if (!found || found.revokedAt !== null) throw unauthorized();
    const now = this.#clock.now();
    await this.#store.agents.touch(found.id, now, hello.host);
    const record: AgentRecord = { ...found, lastSeenAt: now, host: hello.host };
    return {
      record,
      software: softwareOf(hello),
      joined: false,
      result: {
        agentId: record.id,
        name: record.name,
        heartbeatSeconds: this.#heartbeatSeconds,
        protocol: PROTOCOL_VERSION,
        packedBatches: true,
        fixedBeat: true,
      },
    };
  }
}

/**
 * The welcome of an agent taken over without a hello (`Hub.resumeAgent`): its stored record and
 * what its last hello said it runs. The answer is never sent; it is what the hello was answered.
 */
export function resumedWelcome(
  record: AgentRecord,
  software: AgentSoftware,
  heartbeatSeconds: number,
): Welcome {
  return {
    record,
    software,
    joined: false,
    result: {
      agentId: record.id,
      name: record.name,
      heartbeatSeconds,
      protocol: PROTOCOL_VERSION,
      packedBatches: true,
      fixedBeat: true,
    },
  };
}

function softwareOf(hello: AgentHello): AgentSoftware {
  return { protocol: hello.protocol, agentVersion: hello.agentVersion };
}

const textDecoder = new TextDecoder();

/**
 * A hello from another protocol version may not even fit this version's schema. Its `protocol`
 * field is read leniently so an agent this manager does not accept hears "protocol mismatch"
 * (and which side to upgrade) rather than "bad frame".
 */
export function mismatchOfRawHello(data: string | Uint8Array): ProtocolError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof data === 'string' ? data : textDecoder.decode(data));
  } catch {
    // Not JSON: the decode error already says so.
    return undefined;
  }
  const hello = anyVersionHelloSchema.safeParse(parsed);
  return hello.success ? agentProtocolRefusal(hello.data.data.protocol) : undefined;
}
