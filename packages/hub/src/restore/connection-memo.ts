import type { LogLineFilter } from '@bosun/protocol';

/**
 * What the hub needs to take an agent socket over again after its runtime dropped the hub's
 * memory while the socket stayed open (a Durable Object woken from hibernation): who the agent
 * is and what it runs. Plain JSON, small (a few hundred bytes), written when it changes.
 */
export type AgentMemo = { kind: 'agent'; agentId: string; protocol: number; agentVersion: string };

/** One live subscription of a viewer socket, as `logs.subscribe` set it up (names resolved). */
export type SubscriptionMemo = {
  sub: string;
  agentId: string;
  containerId: string;
  packed: boolean;
  filter?: LogLineFilter;
};

/** A viewer socket's subscriptions, for the same purpose as `AgentMemo`. */
export type ViewerMemo = { kind: 'viewer'; subs: SubscriptionMemo[] };

/** Either memo, as `Connection.remember` receives it. */
export type ConnectionMemo = AgentMemo | ViewerMemo;
