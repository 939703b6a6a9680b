/** Sent in the hello; bumped with releases of the agent. */
export const AGENT_VERSION = '0.1.0';
