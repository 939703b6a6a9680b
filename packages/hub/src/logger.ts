/** Where the hub reports what it cannot tell anyone over a socket (store failures, odd peers). */
export type HubLogger = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** A logger that drops everything: the default, and what tests use. */
export const silentLogger: HubLogger = () => {};
