/**
 * The version of bosun: manager, agent, CLI and web UI are released together under this one
 * number. The agent sends it in its hello; the manager flags agents older than itself.
 */
export const BOSUN_VERSION = '0.2.0';
