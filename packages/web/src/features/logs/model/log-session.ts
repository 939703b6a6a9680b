import {
  Backoff,
  type BackoffOptions,
  type DataOf,
  type DecodeInput,
  decode,
  decodeResult,
  encodeRequest,
  type FrameFor,
  isFinalError,
  isReplyFrame,
  type LogEntry,
  ProtocolError,
  ReplyInboxes,
  type ReplyOutcome,
} from '@bosun/protocol';
import { EventHub } from './event-hub.ts';
import type { SourceKey } from './log-types.ts';
import { ReconnectingSocket } from './reconnecting-socket.ts';
import {
  type ConnectionState,
  type LogSessionEvents,
  type LogSessionOptions,
  type SourceState,
  timersOf,
} from './session-types.ts';
import { SourceCursor } from './source-cursor.ts';
import { parseSourceKey, type SourceTarget } from './source-key.ts';

type Push = FrameFor<'logs.history' | 'logs.batch' | 'logs.gap' | 'logs.skipped' | 'logs.status' | 'error'>;
const FROM_MANAGER = [
  'logs.history',
  'logs.batch',
  'logs.gap',
  'logs.skipped',
  'logs.status',
  'error',
] as const;

type Subscription = { sub: string; fromSeq: number | undefined; replyNextSeq?: number };

// A refusal a retry can change (the host is offline, or back but not yet listed, a timeout) is
// asked again with backoff while the socket stays open, so a viewer left open across a host or
// manager restart picks up where it stopped by itself.
// Short: a host that comes back should be followed again within seconds.
const RETRY_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 5_000, jitter: 'full' };

type Source = {
  key: SourceKey;
  target: SourceTarget | { error: string };
  cursor: SourceCursor;
  state: SourceState | undefined;
  containerId?: string;
  subscription: Subscription | null;
  retries: Backoff;
  retryTimer: unknown;
};

/**
 * The viewer's logs socket: subscribes each source, passes on history then live entries, and
 * after any drop resubscribes each source where it stopped (ReconnectingSocket does the
 * reconnecting). Every inbound frame goes through the protocol's decode; one that fails is
 * reported as a 'warning' and skipped, never thrown.
 */
export class LogSession {
  readonly #options: LogSessionOptions;
  readonly #events = new EventHub<LogSessionEvents>();
  readonly #sources = new Map<SourceKey, Source>();
  readonly #bySub = new Map<string, Source>();
  // Requests of the current socket waiting for their reply.
  readonly #replies = new ReplyInboxes();
  readonly #socket: ReconnectingSocket;
  readonly #setTimer: (callback: () => void, ms: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  #counter = 0;
  #started = false;
  #confirmed = false;
  #state: ConnectionState = 'connecting';

  constructor(options: LogSessionOptions) {
    this.#options = options;
    const timers = timersOf(options);
    this.#setTimer = timers.setTimer;
    this.#clearTimer = timers.clearTimer;
    for (const key of options.sources) {
      if (this.#sources.has(key)) continue;
      const target = parseSourceKey(key);
      this.#sources.set(key, {
        key,
        target,
        cursor: new SourceCursor(),
        state: undefined,
        subscription: null,
        retries: new Backoff({ ...RETRY_BACKOFF, ...(options.random ? { random: options.random } : {}) }),
        retryTimer: undefined,
      });
    }
    this.#socket = new ReconnectingSocket(options, {
      opened: () => this.#opened(),
      message: (data) => this.#message(data),
      lost: () => this.#lost(),
      state: (state, detail) => this.#setConnection(state, detail),
    });
    if (options.autoStart !== false) queueMicrotask(() => this.start());
  }

  /** The socket's state, as last reported by the 'connection' event. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Adds a listener; the function returned removes it. */
  on<E extends keyof LogSessionEvents>(event: E, listener: LogSessionEvents[E]): () => void {
    return this.#events.on(event, listener);
  }

  /** The seq of the newest line passed on for a source. */
  lastSeq(source: SourceKey): number | undefined {
    return this.#sources.get(source)?.cursor.lastLineSeq;
  }

  /** The source's state, as last reported by the 'source' event; undefined before any. */
  sourceState(source: SourceKey): SourceState | undefined {
    return this.#sources.get(source)?.state;
  }

  /** The full id of the container a source's subscription follows, once the manager said. */
  containerId(source: SourceKey): string | undefined {
    return this.#sources.get(source)?.containerId;
  }

  /**
   * Passes on a source's stored entries (read from the manager's store while its host is
   * offline) as if the manager had sent them, oldest first: through the source's cursor, so its
   * subscription resumes right after them and nothing shown is sent twice. `containerId` is the
   * stored stream's container: should the source's name follow another container once the host
   * is back, the subscription starts over with a 'reset'. False, with nothing passed on, once the
   * source has had a line or follows another container.
   */
  takeStored(source: SourceKey, containerId: string, entries: readonly LogEntry[]): boolean {
    const known = this.#sources.get(source);
    if (!known || 'error' in known.target || known.cursor.lastLineSeq !== undefined) return false;
    if (known.containerId !== undefined && known.containerId !== containerId) return false;
    known.containerId = containerId;
    const taken = known.cursor.accept(entries);
    if (taken.length > 0) this.#events.emit('entries', source, taken, 'stored');
    return true;
  }

  /**
   * Points a source at another container (the next generation of its identity) and subscribes to
   * it from its start: the lines already passed on stay, and the new container's numbering is its
   * own, so the cursor starts over without a 'reset'. False for an unknown or unusable source.
   */
  follow(source: SourceKey, containerId: string): boolean {
    const known = this.#sources.get(source);
    if (!known || 'error' in known.target) return false;
    const old = known.subscription;
    this.#drop(known);
    this.#cancelRetry(known);
    if (old && this.#socket.isOpen) this.#request('logs.unsubscribe', { sub: old.sub }, () => {});
    known.target = { ...known.target, container: containerId };
    delete known.containerId;
    known.cursor.reset();
    if (this.#socket.isOpen) this.#subscribe(known);
    return true;
  }

  /** Opens the socket; runs by itself on a microtask after construction unless autoStart is false. */
  start(): void {
    if (this.#started || this.#state === 'closed') return;
    this.#started = true;
    for (const source of this.#sources.values()) {
      if ('error' in source.target) this.#setSourceState(source, 'error', source.target.error);
    }
    this.#socket.start();
  }

  /** Stops for good: no more timers, reconnects, or events after the 'closed' one. */
  close(): void {
    for (const source of this.#sources.values()) this.#cancelRetry(source);
    this.#socket.close();
  }

  #opened(): void {
    this.#confirmed = false;
    for (const source of this.#sources.values()) this.#subscribe(source);
  }

  #lost(): void {
    this.#bySub.clear();
    for (const source of this.#sources.values()) {
      source.subscription = null;
      // The next socket subscribes every source anyway.
      this.#cancelRetry(source);
    }
    // Nothing answers on a socket that is gone; with no subscription left to match, the
    // failures change nothing and only end the timers.
    this.#replies.failAll(new ProtocolError('agent_offline', 'the logs socket closed'));
  }

  #subscribe(source: Source): void {
    if ('error' in source.target) return;
    const fromSeq = source.cursor.nextSeq;
    const subscription: Subscription = { sub: `s${++this.#counter}`, fromSeq };
    const data: DataOf<'logs.subscribe'> = { sub: subscription.sub, ...source.target };
    // A manager that does not know filters drops it and sends every line; the view filters them.
    if (this.#options.filter) data.filter = this.#options.filter;
    // A fresh source takes the tail; a known one resumes right after what it has.
    if (fromSeq !== undefined) data.fromSeq = fromSeq;
    else if (this.#options.tail !== undefined) data.tail = this.#options.tail;
    source.subscription = subscription;
    this.#bySub.set(subscription.sub, source);
    this.#setSourceState(source, 'subscribing');
    this.#request('logs.subscribe', data, (outcome) => this.#subscribed(source, subscription, outcome));
  }

  #subscribed(source: Source, subscription: Subscription, outcome: ReplyOutcome): void {
    if (source.subscription !== subscription) return;
    if (!outcome.ok) {
      const { message } = outcome.error;
      const code = outcome.error instanceof ProtocolError ? outcome.error.code : 'internal';
      this.#drop(source);
      if (isFinalError(code)) {
        this.#setSourceState(source, 'error', message);
        return;
      }
      const waiting = code === 'agent_offline' || code === 'docker_unavailable' ? code : 'retrying';
      this.#setSourceState(source, waiting, message);
      this.#retryLater(source);
      return;
    }
    source.retries.reset();
    const result = decodeResult('logs.subscribe', outcome.result);
    if (!result.ok) {
      this.#events.emit('warning', `bad logs.subscribe reply: ${result.error.message}`);
      this.#drop(source);
      this.#setSourceState(source, 'error', 'the manager sent an unreadable reply');
      return;
    }
    const { container, nextSeq } = result.result;
    const before = source.containerId;
    source.containerId = container;
    if (before !== undefined && before !== container) {
      // The name now means another container, whose seqs have nothing to do with ours: start
      // over with a fresh subscription rather than resume at a seq of the old one.
      this.#reset(source, 'the container was replaced');
      const { sub } = subscription;
      this.#drop(source);
      this.#request('logs.unsubscribe', { sub }, () => {});
      this.#subscribe(source);
      return;
    }
    // Asked to resume beyond anything the stream numbered: the manager lost its cursor, its
    // numbering starts over, and it sends what it holds under the new one.
    if (subscription.fromSeq !== undefined && nextSeq < subscription.fromSeq) {
      this.#reset(source, 'the manager restarted without its log position');
    }
    subscription.replyNextSeq = nextSeq;
  }

  #request<S extends 'logs.subscribe' | 'logs.unsubscribe'>(
    subject: S,
    data: DataOf<S>,
    onReply: (outcome: ReplyOutcome) => void,
  ): void {
    // No deadline: a request lives as long as its socket, and `lost` fails what waited on it
    // (the manager answers a subscribe at once or says why not).
    const inbox = this.#replies.openWith(undefined, `the manager did not answer ${subject}`, onReply);
    // Not sent means the socket is already going: `lost` follows and every source asks again.
    if (!this.#socket.send(encodeRequest(subject, data, inbox))) this.#replies.forget(inbox);
  }

  #message(data: unknown): void {
    const decoded = decode(data as DecodeInput, { allow: FROM_MANAGER });
    if (!decoded.ok) {
      this.#events.emit('warning', `ignored a frame from the manager: ${decoded.error.message}`);
      return;
    }
    if (!this.#confirmed) {
      this.#confirmed = true;
      this.#socket.confirm();
    }
    const frame = decoded.frame;
    if (isReplyFrame(frame)) {
      this.#replies.settle(frame.subject, frame.data);
    } else {
      this.#push(frame as Push);
    }
  }

  #push(frame: Push): void {
    if (frame.subject === 'error') {
      this.#events.emit('warning', `the manager reported: ${frame.data.message}`);
      return;
    }
    const source = this.#bySub.get(frame.data.sub);
    const subscription = source?.subscription;
    // Late frames of a subscription given up (an unsubscribe, a reset) mean nothing now.
    if (!source || !subscription || subscription.sub !== frame.data.sub) return;
    switch (frame.subject) {
      case 'logs.history':
      case 'logs.batch': {
        const entries = source.cursor.accept(frame.data.entries);
        const phase = frame.subject === 'logs.history' ? 'history' : 'live';
        if (entries.length > 0) this.#events.emit('entries', source.key, entries, phase);
        if (frame.subject === 'logs.history' && frame.data.done) {
          // Everything below the reply's nextSeq was history (or older than the tail asked for).
          if (subscription.replyNextSeq !== undefined) source.cursor.advance(subscription.replyNextSeq);
          if (source.state === 'subscribing') this.#setSourceState(source, 'live');
        }
        break;
      }
      case 'logs.gap': {
        const { fromSeq, toSeq, count, reason } = frame.data;
        source.cursor.advance(toSeq + 1);
        this.#events.emit('gap', source.key, { fromSeq, toSeq, count, reason });
        break;
      }
      case 'logs.skipped': {
        // Held back by the filter, not lost: a resume starts after them, and no gap is shown.
        source.cursor.advance(frame.data.throughSeq + 1);
        this.#events.emit('skipped', source.key, frame.data.count);
        break;
      }
      case 'logs.status':
        this.#setSourceState(source, frame.data.state, frame.data.message);
        break;
    }
  }

  #retryLater(source: Source): void {
    this.#cancelRetry(source);
    source.retryTimer = this.#setTimer(() => {
      source.retryTimer = undefined;
      if (!source.subscription && this.#socket.isOpen) this.#subscribe(source);
    }, source.retries.next());
  }

  #cancelRetry(source: Source): void {
    if (source.retryTimer !== undefined) this.#clearTimer(source.retryTimer);
    source.retryTimer = undefined;
  }

  #reset(source: Source, reason: string): void {
    source.cursor.reset();
    this.#events.emit('reset', source.key, reason);
  }

  #drop(source: Source): void {
    if (source.subscription) this.#bySub.delete(source.subscription.sub);
    source.subscription = null;
  }

  #setConnection(state: ConnectionState, detail?: string): void {
    this.#state = state;
    if (detail === undefined) this.#events.emit('connection', state);
    else this.#events.emit('connection', state, detail);
    // Nothing follows 'closed'; dropping the listeners lets the UI's closures go.
    if (state === 'closed') this.#events.clear();
  }

  #setSourceState(source: Source, state: SourceState, message?: string): void {
    source.state = state;
    if (message === undefined) this.#events.emit('source', source.key, state);
    else this.#events.emit('source', source.key, state, message);
  }
}
