import type { Writable } from 'node:stream';

/** Which of the process's outputs a line goes to, as Docker kept them apart. */
export type OutputStream = 'stdout' | 'stderr';

/**
 * Log bytes on their way to stdout and stderr. Consecutive lines of one stream are written as
 * one chunk (fewer syscalls on a 200k-line read), and `flush` reports when a stream's buffer is
 * full so the reader can stop reading until `drained`: memory stays bounded by one chunk of
 * input however slow the reader of our output is. A closed pipe (`bosun logs x | head`) is
 * not an error: the sink turns `broken` and the command stops quietly.
 */
export class OutputSink {
  readonly #streams: Record<OutputStream, Writable>;
  #run: Buffer[] = [];
  #runStream: OutputStream = 'stdout';
  #full = new Set<OutputStream>();
  #broken = false;
  #error: Error | undefined;
  #waiters: Array<() => void> = [];

  constructor(stdout: Writable, stderr: Writable) {
    this.#streams = { stdout, stderr };
    for (const name of ['stdout', 'stderr'] as const) {
      this.#streams[name].on('error', (error: NodeJS.ErrnoException) => this.#failed(error));
      this.#streams[name].on('drain', () => {
        this.#full.delete(name);
        if (this.#full.size === 0) this.#wakeUp();
      });
    }
  }

  /** True once output can no longer be written (closed pipe or write error): the command stops. */
  get broken(): boolean {
    return this.#broken;
  }

  /** Why output failed, unless it was a closed pipe (which is a normal way to stop). */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Queues one line's bytes; written at the next flush or when the stream changes. */
  add(stream: OutputStream, parts: readonly Buffer[]): void {
    if (stream !== this.#runStream) this.#writeRun();
    this.#runStream = stream;
    for (const part of parts) this.#run.push(part);
  }

  /** Writes what is queued; false when a stream asked us to wait for `drained`. */
  flush(): boolean {
    this.#writeRun();
    return this.#full.size === 0;
  }

  /** Resolves once every full stream drained, or at once when the pipe broke. */
  async drained(): Promise<void> {
    while (this.#full.size > 0 && !this.#broken) {
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
      });
    }
  }

  /** Waits until everything written reached the OS, so the process may exit without losing output. */
  async finish(): Promise<void> {
    this.flush();
    await this.drained();
    // A write's callback runs once it and every write before it left the stream's buffer.
    await Promise.all(
      Object.values(this.#streams).map(
        (stream) =>
          new Promise<void>((resolve) => {
            if (this.#broken || stream.writableLength === 0) resolve();
            else stream.write(Buffer.alloc(0), () => resolve());
          }),
      ),
    );
  }

  #writeRun(): void {
    if (this.#run.length === 0) return;
    const chunk = this.#run.length === 1 ? this.#run[0]! : Buffer.concat(this.#run);
    this.#run = [];
    if (this.#broken) return;
    const stream = this.#runStream;
    if (!this.#streams[stream].write(chunk)) this.#full.add(stream);
  }

  #failed(error: NodeJS.ErrnoException): void {
    // EPIPE: whoever read our output went away (`| head`), which ends the command, not a failure.
    // Anything else is also final for output, and the command reports it.
    if (error.code !== 'EPIPE') this.#error ??= new Error(`cannot write output: ${error.message}`);
    this.#broken = true;
    this.#wakeUp();
  }

  #wakeUp(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
