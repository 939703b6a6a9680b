import type { AgentView } from '@bosun/protocol';
import { type DataOf, decode, encodePush, type FrameFor, isReplyFrame, ProtocolError } from '@bosun/protocol';
import type { ContainerResolver } from '../fleet/container-resolver.ts';
import type { HubLogger } from '../logger.ts';
import type { LogTopics } from '../logs/log-topics.ts';
import type { Subscriber } from '../logs/subscriber.ts';
import { subscriptionFilterOf } from '../logs/subscription-filter.ts';
import type { Connection, ConnectionHandler } from '../ports/connection.ts';
import { canSee, type Principal } from '../principal.ts';
import type { SubscriptionMemo } from '../restore/connection-memo.ts';
import { answerBadFrame, type InboundData, sendErrorReply, sendReply } from '../wire.ts';

// `error` is accepted (and ignored) so that two peers cannot bounce error pushes forever.
const FROM_VIEWER = ['logs.subscribe', 'logs.unsubscribe', 'error'] as const;
type ViewerFrame = FrameFor<'logs.subscribe' | 'logs.unsubscribe'>;

/**
 * A viewer socket's handler as the adapter holds it: frames and the close go in, and so does
 * the news that the user's rights changed (a grant or role change, read afresh by the adapter).
 */
export interface ViewerHandler extends ConnectionHandler {
  reauthorized(principal: Principal): void;
}

/** What a viewer session needs from the hub. */
export interface ViewerSessionDeps {
  /** An agent the user may see, by id or name; not found, exactly as an unknown one, otherwise. */
  resolveAgent(ref: string, principal: Principal): Promise<AgentView>;
  containers: Pick<ContainerResolver, 'resolve'>;
  topics: LogTopics;
  maxSubscriptions: number;
  logger: HubLogger;
  closed(session: ViewerSession): void;
}

// A subscription is reserved the moment it is asked for, so a duplicate `sub` or an
// unsubscribe that arrives while the topic is still being opened is handled in order.
type Subscription = {
  cancelled: boolean;
  agentId?: string;
  subscriber?: Subscriber;
  memo?: SubscriptionMemo;
};

const WITHDRAWN = 'access to this host was withdrawn';
const NOT_TAKEN_OVER = 'the manager restarted and could not go on with this stream; subscribe again';

/**
 * One viewer socket (browser or CLI): subscribes and unsubscribes log streams of the hosts its
 * user may see; any other host is not found, as an unknown one is. Per-connection state is the
 * subscription table, at most `maxSubscriptions` long.
 *
 * When the user's rights change while the socket is open, each subscription to a host it may no
 * longer see ends at once: it is dropped, and the viewer hears `logs.status` `ended` for it (a
 * resubscription is then answered `not_found`). The socket and its other subscriptions go on.
 */
export class ViewerSession implements ViewerHandler {
  readonly conn: Connection;
  #principal: Principal;
  readonly #deps: ViewerSessionDeps;
  readonly #subs = new Map<string, Subscription>();
  #closed = false;

  constructor(conn: Connection, principal: Principal, deps: ViewerSessionDeps) {
    this.conn = conn;
    this.#principal = principal;
    this.#deps = deps;
  }

  /** The user as last authenticated. */
  get principal(): Principal {
    return this.#principal;
  }

  reauthorized(principal: Principal): void {
    if (this.#closed) return;
    this.#principal = principal;
    for (const [sub, subscription] of this.#subs) {
      if (subscription.agentId === undefined || canSee(principal, subscription.agentId)) continue;
      this.#subs.delete(sub);
      this.#cancel(subscription);
      this.conn.send(encodePush('logs.status', { sub, state: 'ended', message: WITHDRAWN }));
    }
    this.#remember();
  }

  /**
   * Takes the subscriptions of a socket kept while the runtime dropped the hub's memory back up
   * where their topics are: no reply (the viewer had it), no history (it had everything up to
   * the stored cursor). One on a host the user may no longer see ends as a withdrawn one does.
   */
  async resume(subs: readonly SubscriptionMemo[]): Promise<void> {
    for (const memo of subs) {
      if (this.#closed || this.#subs.has(memo.sub) || this.#subs.size >= this.#deps.maxSubscriptions)
        continue;
      if (!canSee(this.#principal, memo.agentId)) {
        this.conn.send(encodePush('logs.status', { sub: memo.sub, state: 'ended', message: WITHDRAWN }));
        continue;
      }
      const subscription: Subscription = { cancelled: false, agentId: memo.agentId, memo };
      this.#subs.set(memo.sub, subscription);
      try {
        const filter = subscriptionFilterOf(memo.filter);
        const subscriber = await this.#deps.topics.subscribe({
          agentId: memo.agentId,
          containerId: memo.containerId,
          sub: memo.sub,
          conn: this.conn,
          goOn: true,
          packed: memo.packed,
          ...(filter === undefined ? {} : { filter }),
          cancelled: () => subscription.cancelled,
          reply: () => {},
        });
        if (!subscriber) throw cancelledError();
        subscription.subscriber = subscriber;
        if (subscription.cancelled) this.#deps.topics.unsubscribe(subscriber);
      } catch (error) {
        if (this.#subs.get(memo.sub) === subscription) this.#subs.delete(memo.sub);
        this.#deps.logger('warn', 'could not take a subscription over', {
          sub: memo.sub,
          error: String(error),
        });
        this.conn.send(encodePush('logs.status', { sub: memo.sub, state: 'ended', message: NOT_TAKEN_OVER }));
      }
    }
    this.#remember();
  }

  // Tells the runtime what `resume` would need, when the runtime asks for it at all.
  #remember(): void {
    if (!this.conn.remember || this.#closed) return;
    const subs: SubscriptionMemo[] = [];
    for (const subscription of this.#subs.values()) if (subscription.memo) subs.push(subscription.memo);
    this.conn.remember({ kind: 'viewer', subs });
  }

  get subscriptions(): number {
    return this.#subs.size;
  }

  onMessage(data: InboundData): void {
    if (this.#closed) return;
    const decoded = decode(data, { allow: FROM_VIEWER });
    if (!decoded.ok) {
      answerBadFrame(this.conn, decoded, this.#deps.logger);
      return;
    }
    // Viewers never answer the manager's requests (there are none), so a reply frame is noise;
    // a viewer's error push is its own business.
    if (isReplyFrame(decoded.frame) || decoded.frame.subject === 'error') return;
    const frame = decoded.frame as ViewerFrame;
    // decode guarantees both are requests with a reply inbox.
    const inbox = frame.reply as string;
    if (frame.subject === 'logs.subscribe') void this.#subscribe(inbox, frame.data);
    else this.#unsubscribe(inbox, frame.data);
  }

  onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const subscription of this.#subs.values()) this.#cancel(subscription);
    this.#subs.clear();
    this.#deps.closed(this);
  }

  async #subscribe(inbox: string, data: DataOf<'logs.subscribe'>): Promise<void> {
    const { sub } = data;
    if (this.#subs.has(sub)) {
      sendErrorReply(
        this.conn,
        inbox,
        new ProtocolError('conflict', `subscription "${sub}" already exists`),
        this.#deps.logger,
      );
      return;
    }
    if (this.#subs.size >= this.#deps.maxSubscriptions) {
      const limit = this.#deps.maxSubscriptions;
      sendErrorReply(
        this.conn,
        inbox,
        new ProtocolError('limit_exceeded', `at most ${limit} subscriptions per connection`),
        this.#deps.logger,
      );
      return;
    }
    const subscription: Subscription = { cancelled: false };
    this.#subs.set(sub, subscription);
    try {
      // Compiled before anything else: a pattern that cannot be one is refused as it is.
      const filter = subscriptionFilterOf(data.filter);
      const agent = await this.#deps.resolveAgent(data.agent, this.#principal);
      // The agent starts streams by id: a full id it has not listed yet is taken on trust.
      const containerId = await this.#deps.containers.resolve(agent, data.container, 'trustFullId');
      if (subscription.cancelled) throw cancelledError();
      // Rights withdrawn while the names were resolved: from here on, `reauthorized` ends it.
      if (!canSee(this.#principal, agent.id))
        throw new ProtocolError('not_found', `no agent "${data.agent}"`);
      subscription.agentId = agent.id;
      const subscriber = await this.#deps.topics.subscribe({
        agentId: agent.id,
        containerId,
        sub,
        conn: this.conn,
        ...(data.fromSeq === undefined ? {} : { fromSeq: data.fromSeq }),
        ...(data.tail === undefined ? {} : { tail: data.tail }),
        packed: data.packed === true,
        ...(filter === undefined ? {} : { filter }),
        cancelled: () => subscription.cancelled,
        reply: (positions) =>
          sendReply(
            this.conn,
            inbox,
            {
              sub,
              container: containerId,
              agent: agent.id,
              ...positions,
              ...(filter === undefined ? {} : { filtered: true as const }),
            },
            this.#deps.logger,
          ),
      });
      if (!subscriber) throw cancelledError();
      subscription.subscriber = subscriber;
      // An unsubscribe can slip in between the reply and this line; it found nothing to stop.
      if (subscription.cancelled) this.#deps.topics.unsubscribe(subscriber);
      else {
        subscription.memo = {
          sub,
          agentId: agent.id,
          containerId,
          packed: data.packed === true,
          ...(data.filter === undefined ? {} : { filter: data.filter }),
        };
        this.#remember();
      }
    } catch (error) {
      if (this.#subs.get(sub) === subscription) this.#subs.delete(sub);
      if (!this.#closed) sendErrorReply(this.conn, inbox, error, this.#deps.logger);
    }
  }

  #unsubscribe(inbox: string, { sub }: DataOf<'logs.unsubscribe'>): void {
    const subscription = this.#subs.get(sub);
    if (!subscription) {
      sendErrorReply(
        this.conn,
        inbox,
        new ProtocolError('not_found', `no subscription "${sub}"`),
        this.#deps.logger,
      );
      return;
    }
    this.#subs.delete(sub);
    this.#cancel(subscription);
    sendReply(this.conn, inbox, { sub }, this.#deps.logger);
    this.#remember();
  }

  #cancel(subscription: Subscription): void {
    subscription.cancelled = true;
    if (subscription.subscriber) this.#deps.topics.unsubscribe(subscription.subscriber);
  }
}

function cancelledError(): ProtocolError {
  return new ProtocolError('conflict', 'unsubscribed before the subscription was ready');
}
