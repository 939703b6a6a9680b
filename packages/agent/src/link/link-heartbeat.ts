/** What the heartbeat does on each beat and when the manager has fallen silent. */
export type HeartbeatActions = {
  /** Sends a ping (the manager's socket answers with a pong) and the `agent.heartbeat` push. */
  beat(): void;
  /** A whole interval passed without a pong: the path is dead even if TCP has not noticed. */
  silent(): void;
};

/**
 * The heartbeat of a link that is up, at the interval the manager's welcome asked for (at least
 * a second). Each beat expects a pong before the next one; when none came, the heartbeat stops
 * and reports the silence once, and the link drops the socket and dials again.
 */
export class LinkHeartbeat {
  readonly #actions: HeartbeatActions;
  readonly #timer: ReturnType<typeof setInterval>;
  #awaitingPong = false;

  /** Starts beating; the first beat comes one interval from now. */
  constructor(intervalSeconds: number, actions: HeartbeatActions) {
    this.#actions = actions;
    this.#timer = setInterval(() => this.#tick(), Math.max(1, intervalSeconds) * 1000);
  }

  /** The manager answered a ping. */
  pong(): void {
    this.#awaitingPong = false;
  }

  /** No more beats (the socket closed or the link is stopping). */
  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    if (this.#awaitingPong) {
      this.stop();
      this.#actions.silent();
      return;
    }
    this.#awaitingPong = true;
    this.#actions.beat();
  }
}
