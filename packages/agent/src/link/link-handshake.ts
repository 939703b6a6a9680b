import {
  type DataOf,
  decode,
  decodeResult,
  encodeRequest,
  isReplyFrame,
  type ManagerProof,
  newInbox,
  newProofNonce,
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
  /**
   * Checks the manager's proof of its key for this attempt's nonce; rejects when the agent must
   * not send this manager its secret. Nothing secret has been sent when it is called.
   */
  proven(proof: ManagerProof, nonce: string): Promise<void>;
  /** The manager did not prove the key: nothing secret was sent, the socket is dropped. */
  unproven(error: ProtocolError): void;
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

type State = 'opening' | 'proving' | 'checking' | 'awaiting-reply' | 'welcoming' | 'up' | 'over';

/**
 * One attempt's handshake on one socket: once the socket opens, `agent.prove` with a fresh nonce;
 * the hello (and with it the credential or join token) only once `proven` accepted the manager's
 * answer; a deadline over both; then the welcome (checked against the protocol's result schema)
 * or the refusal. So a refusal always comes from a manager that proved its key. Any other frame
 * before an answer drops the socket. Frames that follow the welcome
 * while `welcomed` runs are held (bounded by MAX_FRAMES_WHILE_WELCOMING) and passed on in order
 * once the link is up.
 */
export class LinkHandshake {
  readonly #socket: HandshakeSocket;
  readonly #steps: HandshakeSteps;
  readonly #deadline: ReturnType<typeof setTimeout>;
  #state: State = 'opening';
  #inbox: string | undefined;
  #nonce = '';
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

  /** The socket is open: asks the manager to prove its key. */
  opened(): void {
    this.#nonce = newProofNonce();
    this.#inbox = newInbox();
    this.#state = 'proving';
    this.#socket.send(encodeRequest('agent.prove', { nonce: this.#nonce }, this.#inbox));
  }

  async #sendHello(): Promise<void> {
    try {
      const hello = await this.#steps.hello();
      // The socket may have closed while the hello was built: its secret stays here.
      if (this.#state !== 'checking') return;
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
      case 'proving':
        this.#proof(text);
        return;
      case 'checking':
        // Nothing is due before the agent has sent its hello.
        this.#steps.log('warn', 'unexpected frame before welcome; dropping link');
        this.#drop();
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

  #proof(text: Uint8Array): void {
    const decoded = decode(text);
    if (!decoded.ok || decoded.frame.subject !== this.#inbox || !isReplyFrame(decoded.frame)) {
      this.#steps.log('warn', 'unexpected frame before welcome; dropping link');
      this.#drop();
      return;
    }
    const reply = decoded.frame.data;
    if (!reply.ok) {
      this.#unproven(
        new ProtocolError(reply.error.code, `it refused to prove its key: ${reply.error.message}`),
      );
      return;
    }
    const checked = decodeResult('agent.prove', reply.result);
    if (!checked.ok) {
      this.#unproven(new ProtocolError('bad_frame', `its proof is malformed: ${checked.error.message}`));
      return;
    }
    this.#state = 'checking';
    this.#steps.proven(checked.result, this.#nonce).then(
      () => {
        if (this.#state === 'checking') void this.#sendHello();
      },
      (error: unknown) => {
        if (this.#state !== 'checking') return;
        this.#unproven(error instanceof ProtocolError ? error : new ProtocolError('internal', String(error)));
      },
    );
  }

  #unproven(error: ProtocolError): void {
    this.#drop();
    this.#steps.unproven(error);
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
