/**
 * Where agents dial the manager. Fixed paths let an agent or CLI be given just the manager's base
 * URL, and let a reverse proxy route the long-lived sockets apart from plain HTTP.
 */
export const AGENT_SOCKET_PATH = '/ws/agent';
/** Where viewers (the web UI, `bosun logs`) open their log socket. */
export const LOGS_SOCKET_PATH = '/ws/logs';
