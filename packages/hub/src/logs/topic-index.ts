import { type LogTopic, topicKey } from './log-topic.ts';

/**
 * The live topics, by key and by agent (an agent's comings and goings touch all of its own).
 * Bounded by `maxTopicsPerAgent` per agent, checked before a topic is opened.
 */
export class TopicIndex {
  readonly #byKey = new Map<string, LogTopic>();
  readonly #byAgent = new Map<string, Set<LogTopic>>();

  get size(): number {
    return this.#byKey.size;
  }

  get(agentId: string, containerId: string): LogTopic | undefined {
    return this.#byKey.get(topicKey(agentId, containerId));
  }

  /** False once the topic was removed, even if another topic now has its key. */
  has(topic: LogTopic): boolean {
    return this.#byKey.get(topic.key) === topic;
  }

  add(topic: LogTopic): void {
    this.#byKey.set(topic.key, topic);
    const ofAgent = this.#byAgent.get(topic.agentId) ?? new Set<LogTopic>();
    this.#byAgent.set(topic.agentId, ofAgent);
    ofAgent.add(topic);
  }

  remove(topic: LogTopic): void {
    if (!this.has(topic)) return;
    this.#byKey.delete(topic.key);
    const ofAgent = this.#byAgent.get(topic.agentId);
    ofAgent?.delete(topic);
    if (ofAgent?.size === 0) this.#byAgent.delete(topic.agentId);
  }

  countOf(agentId: string): number {
    return this.#byAgent.get(agentId)?.size ?? 0;
  }

  /** A copy: callers may remove topics while going through it. */
  ofAgent(agentId: string): LogTopic[] {
    return [...(this.#byAgent.get(agentId) ?? [])];
  }

  all(): LogTopic[] {
    return [...this.#byKey.values()];
  }
}
