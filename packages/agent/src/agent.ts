import {
  type BackoffOptions,
  type DataOf,
  PROTOCOL_VERSION,
  ProtocolError,
  type Subject,
} from '@bosun/protocol';
import type Docker from 'dockerode';
import { CredentialStore } from './credential-store.ts';
import { ContainerControl } from './docker/container-control.ts';
import { toContainerEvent } from './docker/container-events.ts';
import { connectDocker } from './docker/docker-connection.ts';
import { type DockerAvailability, DockerMonitor } from './docker/docker-monitor.ts';
import { EventForwarder } from './docker/event-forwarder.ts';
import { readHostFacts } from './host-facts.ts';
import type { HelloResult } from './link/link-handshake.ts';
import { type LinkTls, ManagerLink } from './link/manager-link.ts';
import { LinkStatusFile } from './link-status-file.ts';
import { DEFAULT_OUTBOUND_QUEUE_BYTES, OutboundLogQueue } from './logs/outbound-log-queue.ts';
import { ManagerBinding } from './manager-binding.ts';
import { immediateScheduler } from './streams/immediate-scheduler.ts';
import { LogReads } from './streams/log-reads.ts';
import { LogShipper } from './streams/log-shipper.ts';
import { LogStreams } from './streams/log-streams.ts';
import { AGENT_VERSION } from './version.ts';

/** Where the agent's log lines go (the CLI writes them with pino). */
export type AgentLogger = (
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** How one agent runs: its manager, its credential's folder, its Docker and its bounds. */
export type AgentConfig = {
  /** ws:// or wss:// URL of the manager's agent endpoint. */
  managerUrl: string;
  /** How a wss:// manager's certificate is checked, e.g. `{ ca }` for a private CA (`--ca`). */
  tls?: LinkTls;
  /** Exchanged once for a credential; not needed once the state folder holds one. */
  joinToken?: string;
  /** The name to ask for; else the stored one, else the manager picks (token name or hostname). */
  name?: string;
  /** Folder of the credential file (created 0700 when the agent joins). */
  stateDir: string;
  /** Docker's address as the docker CLI spells it (unix:///path, tcp://host:port); local socket if unset. */
  dockerHost?: string;
  /** Bytes of log batches the agent may hold while the link is slow (8 MiB by default). */
  queueBytes?: number;
  /** Delays between dials to the manager (capped equal jitter from 250 ms to 30 s by default). */
  backoff?: BackoffOptions;
  /**
   * A file the agent keeps its link's status in (`LinkStatusFile`), for health checks outside its
   * process; none when unset.
   */
  statusFile?: string;
  /** Where the agent's log lines go. */
  log: AgentLogger;
  /** The manager refused this agent for good; the CLI exits on it. */
  onFatal?: (error: ProtocolError) => void;
};

/**
 * Everything one host runs: the link to the manager, Docker control, the event watch and the log
 * follows, with one bounded outbound queue between the follows and the link (see
 * `OutboundLogQueue` for its overflow policy; the agent logs each overflow).
 */
export class Agent {
  readonly #link: ManagerLink;
  readonly #streams: LogStreams;
  readonly #queue: OutboundLogQueue;
  readonly #config: AgentConfig;
  readonly #docker: Docker;
  readonly #control: ContainerControl;
  readonly #monitor: DockerMonitor;
  readonly #store: CredentialStore;
  readonly #binding: ManagerBinding;
  readonly #shipper: LogShipper;
  readonly #reads: LogReads;
  readonly #events: EventForwarder;
  readonly #status: LinkStatusFile | undefined;
  #heartbeatSeconds = 0;

  constructor(config: AgentConfig) {
    this.#config = config;
    this.#docker = connectDocker(config.dockerHost);
    this.#control = new ContainerControl(this.#docker);
    this.#store = new CredentialStore(config.stateDir);
    this.#binding = new ManagerBinding(this.#store, config.log);
    this.#status =
      config.statusFile === undefined
        ? undefined
        : new LinkStatusFile(config.statusFile, config.managerUrl, (msg, fields) =>
            config.log('warn', msg, fields),
          );
    this.#queue = new OutboundLogQueue({
      ...(config.queueBytes !== undefined ? { maxBytes: config.queueBytes } : {}),
      overflow: {
        began: () =>
          config.log('warn', 'the link is slower than the logs: dropping the oldest queued lines', {
            queueBytes: config.queueBytes ?? DEFAULT_OUTBOUND_QUEUE_BYTES,
          }),
        ended: (report) => config.log('warn', 'outbound log queue empty again after dropping lines', report),
      },
    });
    this.#streams = new LogStreams(
      this.#docker,
      {
        entries: (container, entries, textBytes) => {
          this.#queue.enqueue(container, entries, textBytes);
          this.#shipper.kick();
        },
        forget: (container) => this.#queue.forget(container),
        log: config.log,
      },
      immediateScheduler,
    );
    this.#events = new EventForwarder({
      summary: (id) => this.#control.summary(id),
      push: (event) => this.#link.push('container.event', event),
    });
    this.#monitor = new DockerMonitor(this.#docker, {
      onAvailability: (status) => this.#dockerAvailability(status),
      onContainerEvent: (raw) => {
        this.#streams.containerEvent(raw);
        const event = toContainerEvent(raw);
        if (!event) return;
        // First, so that the summary the forwarder asks for already carries this event's times.
        this.#control.observe(event);
        void this.#events.forward(event);
      },
    });
    this.#link = new ManagerLink(
      {
        url: config.managerUrl,
        ...(config.backoff ? { backoff: config.backoff } : {}),
        ...(config.tls ? { tls: config.tls } : {}),
      },
      {
        proven: (proof, nonce) => this.#binding.accept(proof, nonce),
        hello: () => this.#hello(),
        welcomed: (result) => this.#welcomed(result),
        request: (subject, data) => this.#request(subject, data),
        online: () => {
          config.log('info', 'connected to manager');
          void this.#status?.connected(this.#heartbeatSeconds);
          this.#link.push('docker.status', dockerStatusData(this.#monitor.status));
          this.#shipper.kick();
        },
        answered: () => void this.#status?.answered(),
        offline: (reason) => {
          config.log('warn', 'lost the manager', { reason });
          void this.#status?.disconnected();
          // The manager resumes every stream from its own last entry when we are
          // back, so what is queued here would only be sent twice.
          this.#streams.stopAll();
          this.#queue.clear();
          this.#reads.cancelAll();
        },
        fatal: (error) => {
          config.log('error', error.message, { code: error.code });
          this.stop();
          config.onFatal?.(error);
        },
        log: config.log,
      },
    );
    this.#shipper = new LogShipper(this.#queue, this.#link);
    this.#reads = new LogReads(
      this.#docker,
      {
        send: async (readId, lines) => {
          if (!this.#link.pushReadBatch(readId, lines)) {
            throw new ProtocolError('agent_offline', 'the link to the manager went down during the read');
          }
          await this.#link.whenWritable();
        },
      },
      (level, msg, fields) => config.log(level, msg, fields),
    );
  }

  /** Fails at once, before dialling, when the agent has no way to authenticate. */
  async start(): Promise<void> {
    if (!this.#config.joinToken && !(await this.#store.load())) {
      throw new ProtocolError(
        'unauthorized',
        `no credential in ${this.#store.path} and no join token: create one on the manager with \`bosun token create\``,
      );
    }
    // A status left by an earlier run says nothing about this one.
    await this.#status?.disconnected();
    // The hello carries the Docker version, so ask the daemon once before dialling.
    await this.#monitor.start();
    this.#link.start();
  }

  /** Ends the follows and the event watch, and closes the link for good. */
  stop(): void {
    this.#streams.stopAll();
    this.#monitor.stop();
    this.#link.stop();
  }

  /**
   * `stop`, resolving once the agent has stopped (`onStopped`) or after `timeoutMs`, whichever
   * comes first: for a process that runs an agent beside something else and is shutting down.
   */
  stopWithin(timeoutMs: number): Promise<void> {
    this.stop();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.onStopped(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Calls back once the agent has stopped for good, by `stop` or because the manager refused it,
   * its socket is closed, and the files it was writing in its state folder (the credential, the
   * link status) are written: whoever stopped it may then remove or move that folder.
   */
  onStopped(callback: () => void): void {
    this.#link.onStopped(() => {
      void Promise.all([this.#store.settled(), this.#status?.settled()]).then(() => callback());
    });
  }

  async #hello(): Promise<DataOf<'agent.hello'>> {
    const stored = await this.#store.load();
    let auth: DataOf<'agent.hello'>['auth'];
    if (stored) auth = { credential: stored.credential };
    else if (this.#config.joinToken) auth = { joinToken: this.#config.joinToken };
    else throw new ProtocolError('unauthorized', `no credential in ${this.#store.path} and no join token`);
    const hello: DataOf<'agent.hello'> = {
      protocol: PROTOCOL_VERSION,
      agentVersion: AGENT_VERSION,
      host: readHostFacts(this.#monitor.status),
      auth,
    };
    // Without --name the manager picks: the join token's name if it has one, else the hostname.
    const name = this.#config.name ?? stored?.name;
    if (name) hello.name = name;
    return hello;
  }

  async #welcomed(result: HelloResult): Promise<void> {
    this.#heartbeatSeconds = result.heartbeatSeconds;
    if (result.credential) {
      await this.#store.save({
        agentId: result.agentId,
        name: result.name,
        credential: result.credential,
        manager: this.#config.managerUrl,
        // The hello went out only after a proof, so the key is known here.
        ...(this.#binding.provenKey === undefined ? {} : { managerKey: this.#binding.provenKey }),
      });
      this.#config.log('info', "joined the manager; credential stored, bound to the manager's key", {
        agentId: result.agentId,
        name: result.name,
        managerKey: this.#binding.provenKey,
      });
    }
    // A manager one protocol ahead still takes this agent, and lists its host as one to upgrade.
    if (result.protocol !== undefined && result.protocol > PROTOCOL_VERSION) {
      this.#config.log(
        'warn',
        `manager speaks protocol ${result.protocol}, this agent ${PROTOCOL_VERSION}: upgrade the agent`,
      );
    }
  }

  async #request(subject: Subject, data: unknown): Promise<unknown> {
    switch (subject) {
      case 'container.list':
        return { containers: await this.#control.list() };
      case 'container.inspect':
        return { container: await this.#control.inspect((data as DataOf<'container.inspect'>).id) };
      case 'container.start':
      case 'container.stop':
      case 'container.restart': {
        const d = data as DataOf<'container.start'>;
        return this.#control.act(subject.slice('container.'.length) as 'start', d.id, d.timeoutSeconds);
      }
      case 'log.stream.start': {
        const request = data as DataOf<'log.stream.start'>;
        const started = await this.#streams.start(request);
        this.#config.log('info', 'following container logs', {
          container: request.container.slice(0, 12),
          from: request.resume ? `after seq ${request.resume.seq}` : `tail ${request.tail ?? 'default'}`,
          nextSeq: started.nextSeq,
        });
        return started;
      }
      case 'log.read':
        return this.#reads.read(data as DataOf<'log.read'>);
      case 'log.read.credit': {
        const { readId, bytes } = data as DataOf<'log.read.credit'>;
        this.#reads.credit(readId, bytes);
        return undefined;
      }
      case 'log.read.cancel':
        this.#reads.cancel((data as DataOf<'log.read.cancel'>).readId);
        return undefined;
      case 'log.stream.stop': {
        const { container } = data as DataOf<'log.stream.stop'>;
        this.#streams.stop(container);
        return { container };
      }
      default:
        throw new ProtocolError('unknown_subject', `this agent does not answer ${subject}`);
    }
  }

  #dockerAvailability(status: DockerAvailability): void {
    if (status.available) {
      this.#config.log('info', 'Docker is available', { version: status.version });
      this.#streams.dockerAvailable();
    } else {
      this.#config.log('warn', 'Docker is unavailable', { message: status.message });
      // A daemon that went away may come back with containers stopped or gone and no events
      // for it; their times are read afresh rather than trusted.
      this.#control.forgetTimes();
    }
    this.#link.push('docker.status', dockerStatusData(status));
  }
}

function dockerStatusData(status: DockerAvailability): DataOf<'docker.status'> {
  return status.available
    ? { available: true, version: status.version, apiVersion: status.apiVersion }
    : { available: false, message: status.message };
}
