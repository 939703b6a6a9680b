import { describeProtocolRefusal, type ProtocolError } from '@bosun/protocol';

/** Where the link's log lines go (the agent's logger). */
export type LinkLog = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * Reports the hello refusals the link retries after. A protocol mismatch is said once, in words
 * that name the side to upgrade: every retry until that upgrade gets the same answer, and a line
 * per retry would bury it. Any other passing refusal is reported each time.
 */
export class HelloRefusals {
  readonly #log: LinkLog;
  #told: string | undefined;

  constructor(log: LinkLog) {
    this.#log = log;
  }

  /** Logs a refusal the link is about to retry after. */
  report(error: ProtocolError): void {
    if (error.code !== 'protocol_mismatch') {
      this.#log('warn', 'manager refused hello; will retry', { code: error.code, message: error.message });
      return;
    }
    const text = describeProtocolRefusal(error.details);
    if (text === this.#told) return;
    this.#told = text;
    this.#log('error', text, { code: error.code, retrying: true });
  }
}
