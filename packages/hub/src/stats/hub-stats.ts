import type { HubCounterSnapshot } from './hub-counters.ts';

/** What the hub holds right now, read by walking its sessions and topics. */
export type HubGauges = {
  /** Agents with a live session. */
  agentsOnline: number;
  /** Of those, agents speaking the previous protocol version (to upgrade). */
  agentsOutdated: number;
  /** Viewer sockets open. */
  viewers: number;
  /** Container streams (topics) open, lingering ones included. */
  topics: number;
  /** Viewer subscriptions to those streams. */
  subscriptions: number;
  /** Entries and text bytes waiting in subscriber queues for slow viewers. */
  queuedEntries: number;
  queuedBytes: number;
  /** The highest high-water mark among the current subscriptions' queues, in text bytes. */
  peakQueuedBytes: number;
  /** Entries and text bytes held in the topics' rings of recent lines. */
  ringEntries: number;
  ringBytes: number;
  /** Stored-log reads running now, over every agent. */
  readsOpen: number;
};

/**
 * A plain snapshot of the hub for metrics and status pages: what it holds now and what it has
 * counted since it started. Queued entries are shared with the rings, so the byte figures
 * overstate real memory.
 */
export type HubStats = HubGauges & HubCounterSnapshot;
