import type { Readable } from 'node:stream';
import { Backoff, unixNanosToDockerSince } from '@bosun/protocol';
import type Docker from 'dockerode';

/** A container event as Docker reports it, before it is mapped to the protocol. */
export type RawContainerEvent = {
  id: string;
  action: string;
  name: string;
  attributes: Record<string, string>;
  timeNano: bigint;
};

/** Whether the daemon answers: its versions when it does, why not when it does not. */
export type DockerAvailability =
  | { available: true; version: string; apiVersion: string }
  | { available: false; message: string };

/** Who hears what the monitor sees. */
export type DockerMonitorListener = {
  /** The daemon came or went; told on changes only. */
  onAvailability(status: DockerAvailability): void;
  /** A container event, in Docker's order. */
  onContainerEvent(event: RawContainerEvent): void;
};

/** Bound on one buffered event line; Docker's event JSON is a few hundred bytes. */
const MAX_EVENT_LINE = 64 * 1024;

/**
 * Watches the daemon: whether it answers, and its container events. When the
 * daemon goes away it says so once, then retries with capped backoff and,
 * once back, resubscribes from the last event it saw so nothing in between is
 * missed.
 *
 * Bound: an event line is buffered up to 64 KiB; an unterminated line past that is dropped.
 */
export class DockerMonitor {
  readonly #docker: Docker;
  readonly #listener: DockerMonitorListener;
  readonly #backoff = new Backoff({ initialMs: 250, maxMs: 5_000, jitter: 'equal' });
  #status: DockerAvailability = { available: false, message: 'not checked yet' };
  #stream: Readable | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastEventNano: bigint | undefined;
  #stopped = false;
  #firstCheck: Promise<void> | undefined;

  constructor(docker: Docker, listener: DockerMonitorListener) {
    this.#docker = docker;
    this.#listener = listener;
  }

  /** What the daemon last said; "not checked yet" before `start` resolves. */
  get status(): DockerAvailability {
    return this.#status;
  }

  /** Resolves once the daemon has been asked once, whatever it answered. */
  start(): Promise<void> {
    this.#firstCheck ??= this.#connect();
    return this.#firstCheck;
  }

  /** Stops watching for good. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#stream?.destroy();
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    try {
      const version = await this.#docker.version();
      const since = this.#lastEventNano ?? BigInt(Date.now()) * 1_000_000n;
      const stream = (await this.#docker.getEvents({
        since: unixNanosToDockerSince(since),
        filters: JSON.stringify({ type: ['container'] }),
      } as unknown as Docker.GetEventsOptions)) as unknown as Readable;
      if (this.#stopped) {
        stream.destroy();
        return;
      }
      this.#stream = stream;
      this.#backoff.reset();
      this.#setStatus({ available: true, version: version.Version, apiVersion: version.ApiVersion });
      this.#read(stream);
    } catch (err) {
      this.#down(err);
    }
  }

  #read(stream: Readable): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        this.#handleLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      // Overflow policy: an unterminated line past the bound is garbage; drop it.
      if (pending.length > MAX_EVENT_LINE) pending = '';
    });
    const ended = (err?: Error) => {
      if (this.#stream !== stream) return;
      this.#stream = undefined;
      this.#down(err ?? new Error('Docker closed the event stream'));
    };
    stream.once('end', () => ended());
    stream.once('close', () => ended());
    stream.once('error', (err) => ended(err));
  }

  #handleLine(line: string): void {
    if (line.trim() === '') return;
    let ev: {
      Type?: string;
      Action?: string;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
      timeNano?: number;
      time?: number;
      id?: string;
    };
    try {
      ev = JSON.parse(line);
    } catch {
      return; // A daemon bug, not ours to crash on: skip the line.
    }
    if (ev.Type !== 'container' || !ev.Action) return;
    const id = ev.Actor?.ID ?? ev.id;
    if (!id) return;
    const attributes = ev.Actor?.Attributes ?? {};
    const timeNano = ev.timeNano !== undefined ? BigInt(ev.timeNano) : BigInt(ev.time ?? 0) * 1_000_000_000n;
    this.#lastEventNano = timeNano;
    this.#listener.onContainerEvent({
      id,
      action: ev.Action,
      name: attributes.name ?? '',
      attributes,
      timeNano,
    });
  }

  #down(err: unknown): void {
    if (this.#stopped) return;
    const code = (err as { code?: string } | null)?.code;
    const message = code
      ? `Docker is not reachable (${code})`
      : String((err as Error)?.message ?? err).slice(0, 300);
    this.#setStatus({ available: false, message });
    this.#timer = setTimeout(() => void this.#connect(), this.#backoff.next());
  }

  #setStatus(status: DockerAvailability): void {
    const changed = status.available !== this.#status.available;
    this.#status = status;
    if (changed) this.#listener.onAvailability(status);
  }
}
