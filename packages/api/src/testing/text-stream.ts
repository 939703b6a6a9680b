const decoder = new TextDecoder();

/**
 * Reads a streamed answer (event stream, NDJSON) chunk by chunk as the API enqueues it. A read
 * waits for the next chunk; `undefined` means the stream ended cleanly, a rejection that it was
 * cut.
 */
export class TextStream {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(res: Response) {
    if (!res.body) throw new Error(`${res.status} answer has no body`);
    this.#reader = res.body.getReader();
  }

  /** The next chunk's text, or undefined at the end. */
  async next(): Promise<string | undefined> {
    const { done, value } = await this.#reader.read();
    return done ? undefined : decoder.decode(value);
  }

  /** Reads until `text` has come, returning everything read on the way; fails if the stream ends first. */
  async until(text: string): Promise<string> {
    let seen = '';
    while (!seen.includes(text)) {
      const chunk = await this.next();
      if (chunk === undefined) throw new Error(`stream ended before ${JSON.stringify(text)}; got ${seen}`);
      seen += chunk;
    }
    return seen;
  }

  /** Hangs up, as a client leaving does. */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}
