import {
  type DataOf,
  decode,
  decodeResult,
  encodeRequest,
  isReplyFrame,
  newInbox,
  ProtocolError,
  type ResultOf,
} from '@bosun/protocol';

/** The manager's welcome: who the agent is, its credential when it joined, the heartbeat to keep. */
export type HelloResult = ResultOf<'agent.hello'>;

/** What the handshake needs of its socket. */
export type HandshakeSocket = {
  send(text: string): void;
  /** Drops the socket at once, without a closing handshake. */
  terminate(): void;
};

/** The steps of a handshake that belong to the agent and to the link around it. */
export type HandshakeSteps = {
  /** Builds the hello for this attempt (auth may change once a credential is stored). */
  hello(): Promise<DataOf<'agent.hello'>>;
  /** Keeps what the welcome gave (the credential) before the link counts as up. */
  welcomed(result: HelloResult): Promise<void>;
  /** The link is up; false when its socket went away meanwhile, and the held frames are dropped. */
  up(result: HelloResult): boolean;
  /** A frame that arrived after the welcome, in order; those held while welcoming come first. */
  frame(text: Uint8Array): void;
  /** The manager answered the hello with an error; the link decides whether to try again. */
  refused(error: ProtocolError): void;
  /** The welcome could not be kept (the credential was not stored): no retry can help. */
  failed(error: ProtocolError): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
};

/**
 * Frames the manager may send between its welcome and the link being up (while the credential is
 * being written). Past this many the socket is dropped: a manager flooding a link that is not up
 * yet gets no memory for it.
 */
export const MAX_FRAMES_WHILE_WELCOMING = 256;

type State = 'opening' | 'awaiting-reply' | 'welcoming' | 'up' | 'over';

/**
 * One attempt's handshake on one socket: the hello once the socket opens, a deadline for the
 * manager's answer, then the welcome (checked against the protocol's result schema) or the
 * refusal. Any other frame before the answer drops the socket. Frames that follow the welcome
 * while `welcomed` runs are held (bounded by MAX_FRAMES_WHILE_WELCOMING) and passed on in order
 * once the link is up.
 */
export class LinkHandshake {
  readonly #socket: HandshakeSocket;
  readonly #steps: HandshakeSteps;
  readonly #deadline: ReturnType<typeof setTimeout>;
  #state: State = 'opening';
  #inbox: string | undefined;
  #held: Uint8Array[] = [];

  /** The deadline runs from now: it covers opening the socket as well as the manager's answer. */
  constructor(socket: HandshakeSocket, steps: HandshakeSteps, deadlineMs: number) {
    this.#socket = socket;
    this.#steps = steps;
    this.#deadline = setTimeout(() => {
      this.#steps.log('warn', 'manager did not answer the hello in time');
      this.#drop();
    }, deadlineMs);
  }

  /** The socket is open: sends the hello. */
  async opened(): Promise<void> {
    try {
      const hello = await this.#steps.hello();
      this.#inbox = newInbox();
      this.#state = 'awaiting-reply';
      this.#socket.send(encodeRequest('agent.hello', hello, this.#inbox));
    } catch (err) {
      this.#steps.log('error', 'could not build hello', { err: String(err) });
      this.#drop();
    }
  }

  /** A text frame from the manager, whatever the state of the handshake. */
  receive(text: Uint8Array): void {
    switch (this.#state) {
      case 'up':
        this.#steps.frame(text);
        return;
      case 'welcoming':
        if (this.#held.length >= MAX_FRAMES_WHILE_WELCOMING) this.#drop();
        else this.#held.push(text);
        return;
      case 'over':
        return;
      default:
        this.#answer(text);
    }
  }

  /** The socket closed: the deadline no longer matters. */
  closed(): void {
    clearTimeout(this.#deadline);
    this.#state = 'over';
  }

  #answer(text: Uint8Array): void {
    const decoded = decode(text);
    if (!decoded.ok || decoded.frame.subject !== this.#inbox || !isReplyFrame(decoded.frame)) {
      this.#steps.log('warn', 'unexpected frame before welcome; dropping link');
      this.#drop();
      return;
    }
    clearTimeout(this.#deadline);
    const reply = decoded.frame.data;
    if (!reply.ok) {
      this.#state = 'over';
      const { code, message, details } = reply.error;
      this.#steps.refused(new ProtocolError(code, message, details === undefined ? undefined : { details }));
      return;
    }
    const checked = decodeResult('agent.hello', reply.result);
    if (!checked.ok) {
      this.#steps.log('warn', 'malformed welcome; dropping link', { message: checked.error.message });
      this.#drop();
      return;
    }
    this.#state = 'welcoming';
    const result = checked.result;
    void this.#steps
      .welcomed(result)
      .then(() => this.#up(result))
      .catch((err: unknown) => {
        this.#state = 'over';
        this.#steps.log('error', 'could not keep the credential', { err: String(err) });
        this.#steps.failed(new ProtocolError('internal', `could not store the credential: ${String(err)}`));
      });
  }

  #up(result: HelloResult): void {
    if (this.#state !== 'welcoming' || !this.#steps.up(result)) {
      this.#state = 'over';
      return;
    }
    this.#state = 'up';
    const held = this.#held;
    this.#held = [];
    for (const frame of held) this.#steps.frame(frame);
  }

  #drop(): void {
    this.#state = 'over';
    this.#socket.terminate();
  }
}
