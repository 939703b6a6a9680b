/**
 * The heartbeat a runtime can answer without waking the manager (a Durable Object's WebSocket
 * auto-response matches one exact text). `agent.heartbeat` carries the agent's clock, so no two
 * are alike; an agent whose welcome said `fixedBeat` sends this text instead, always byte for
 * byte the same, and a hibernating manager's runtime answers it with `MANAGER_BEAT_FRAME`. Both
 * are valid frames (`agent.beat`, `manager.beat`), so a manager that does read them — the Node
 * manager, a woken object — takes them as any other frame.
 */
export const AGENT_BEAT_FRAME = '{"subject":"agent.beat","data":{}}';

/** The runtime's answer to `AGENT_BEAT_FRAME`; the agent ignores it (its liveness check is the WebSocket pong). */
export const MANAGER_BEAT_FRAME = '{"subject":"manager.beat","data":{}}';
