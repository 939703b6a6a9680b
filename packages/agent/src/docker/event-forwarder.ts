import type { ContainerEvent, ContainerSummary } from '@bosun/protocol';
import { impliedState, reconcileSummary } from './event-state.ts';

/**
 * Events waiting for their summary. Past this many (a storm of events while Docker answers
 * slowly), events go out without a summary rather than queue without bound: the event's own
 * state still updates the manager's view, and the next list fills in the rest.
 */
export const MAX_PENDING_EVENTS = 256;

/** Where summaries come from and events go. */
export type EventForwarderDeps = {
  /** A fresh summary of the container, `undefined` once it is gone; may throw. */
  summary(id: string): Promise<ContainerSummary | undefined>;
  /** Sends the event to the manager. */
  push(event: ContainerEvent): void;
};

/**
 * Sends container events to the manager in the order Docker emitted them, each with a fresh
 * summary made consistent with the event. Order matters: summaries are fetched concurrently
 * with later events, and a `die` whose summary arrived after the next `start`'s would leave
 * the manager showing a stopped container as running, or the other way round.
 *
 * Bound: MAX_PENDING_EVENTS wait for their summary; later ones go without one until fewer wait.
 */
export class EventForwarder {
  readonly #deps: EventForwarderDeps;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  constructor(deps: EventForwarderDeps) {
    this.#deps = deps;
  }

  /** Sends the event after every earlier one; resolves once it has gone. */
  forward(event: ContainerEvent): Promise<void> {
    const state = impliedState(event.action);
    const withState: ContainerEvent = state === undefined ? event : { ...event, state };
    const summary =
      withState.action === 'destroy' || this.#pending >= MAX_PENDING_EVENTS
        ? Promise.resolve(undefined)
        : this.#deps.summary(withState.id).catch(() => {
            // The event still matters without a fresh summary (Docker may be going down).
            return undefined;
          });
    this.#pending++;
    this.#tail = this.#tail.then(async () => {
      const fresh = await summary;
      this.#pending--;
      this.#deps.push(fresh ? { ...withState, container: reconcileSummary(withState, fresh) } : withState);
    });
    return this.#tail;
  }
}
