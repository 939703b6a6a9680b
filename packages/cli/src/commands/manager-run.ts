import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_PROCESS_MEMORY_BUDGET_BYTES,
  defaultManagerDataDir,
  limitHeapGrowth,
  logSocketLimits,
  logTrafficBudget,
  parseAgentImage,
  parseAllowedHosts,
  parseAuditMaxAge,
  parseAuditMaxRows,
  parseListen,
  parseMaxLogSockets,
  parseMaxRetainedStreams,
  parseMemoryBudget,
  parseMetricsToken,
  parsePublicUrl,
  parseRetain,
  parseRetentionAge,
  parseRetentionBytes,
  parseTrustedProxies,
  type RunningManager,
  startManager,
  type TlsFiles,
} from '@bosun/server';
import { UsageError } from '../exit-codes.ts';
import { localAgent } from '../local-agent.ts';
import { createLogger, type Logger } from '../logger.ts';
import { parseAgentName } from '../validate.ts';

/** The options of `bosun manager`, as Commander parsed them. */
export type ManagerCommandOptions = {
  listen: string;
  dataDir?: string;
  publicUrl?: string;
  localAgent: boolean;
  dockerHost?: string;
  agentName?: string;
  metricsToken?: string;
  metricsListen?: string;
  memoryBudget?: string;
  maxLogSockets?: string;
  auditMaxAge?: string;
  auditMaxRows?: string;
  retain?: string;
  logRetentionBytes?: string;
  logRetentionContainerBytes?: string;
  logRetentionAge?: string;
  maxRetainedStreams?: string;
  trustedProxy?: string;
  allowedHosts?: string;
  tlsCert?: string;
  tlsKey?: string;
  webDir?: string;
  agentImage?: string;
  agentImageFile?: string;
};

// The --retain and --log-retention-* flags: whose logs are kept, and how much of them.
function retentionOptions(options: ManagerCommandOptions) {
  const { retain, logRetentionBytes, logRetentionContainerBytes, logRetentionAge, maxRetainedStreams } =
    options;
  return {
    hub: {
      ...(retain ? { retain: parseOrUsage(() => parseRetain(retain)) } : {}),
      ...(maxRetainedStreams
        ? { maxIngestStreams: parseOrUsage(() => parseMaxRetainedStreams(maxRetainedStreams)) }
        : {}),
    },
    store: {
      ...(logRetentionBytes
        ? { maxBytes: parseOrUsage(() => parseRetentionBytes(logRetentionBytes, '--log-retention-bytes')) }
        : {}),
      ...(logRetentionContainerBytes
        ? {
            maxStreamBytes: parseOrUsage(() =>
              parseRetentionBytes(logRetentionContainerBytes, '--log-retention-container-bytes'),
            ),
          }
        : {}),
      ...(logRetentionAge ? { maxAgeMs: parseOrUsage(() => parseRetentionAge(logRetentionAge)) } : {}),
    },
  };
}

// After the first signal the manager shuts down gracefully; something still holding the event
// loop after that must not keep a service manager waiting.
const EXIT_GRACE_MS = 5000;

/** What `bosun manager` does, loaded only when it runs. */
export async function runManager(options: ManagerCommandOptions): Promise<void> {
  const listen = parseOrUsage(() => {
    parseListen(options.listen);
    return options.listen;
  });
  const publicUrl = options.publicUrl ? parseOrUsage(() => parsePublicUrl(options.publicUrl!)) : undefined;
  if (options.trustedProxy) parseOrUsage(() => parseTrustedProxies(options.trustedProxy!));
  if (options.allowedHosts) parseOrUsage(() => parseAllowedHosts(options.allowedHosts!));
  const localAgentOn = options.localAgent && envFlag('BOSUN_LOCAL_AGENT', true);
  const agentName = options.agentName ? parseOrUsage(() => parseAgentName(options.agentName!)) : undefined;
  const dockerHost = options.dockerHost || process.env.DOCKER_HOST || undefined;
  const memoryBudgetBytes = options.memoryBudget
    ? parseOrUsage(() => parseMemoryBudget(options.memoryBudget!))
    : DEFAULT_PROCESS_MEMORY_BUDGET_BYTES;
  const maxLogSockets = options.maxLogSockets
    ? parseOrUsage(() => parseMaxLogSockets(options.maxLogSockets!))
    : undefined;
  const tls = tlsFiles(options);
  const webDir = options.webDir ? parseOrUsage(() => checkedWebDir(options.webDir!)) : undefined;
  const self = singleFile();
  const agentImage = options.agentImage
    ? parseOrUsage(() => parseAgentImage(options.agentImage!))
    : undefined;
  const dataDir = resolve(options.dataDir || defaultManagerDataDir());
  const adminPassword = process.env.BOSUN_ADMIN_PASSWORD || undefined;
  const metricsToken = options.metricsToken
    ? parseOrUsage(() => parseMetricsToken(options.metricsToken!))
    : undefined;
  const metricsListen = options.metricsListen
    ? parseOrUsage(() => {
        parseListen(options.metricsListen!, '--metrics-listen');
        return options.metricsListen!;
      })
    : undefined;

  const audit = {
    ...(options.auditMaxAge ? { maxAgeMs: parseOrUsage(() => parseAuditMaxAge(options.auditMaxAge!)) } : {}),
    ...(options.auditMaxRows
      ? { maxRows: parseOrUsage(() => parseAuditMaxRows(options.auditMaxRows!)) }
      : {}),
  };

  const retention = retentionOptions(options);

  limitHeapGrowth();
  const logger = await createLogger('bosun-manager');
  const manager = await startManager({
    listen,
    dataDir,
    ...(adminPassword ? { adminPassword } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(metricsToken ? { metricsToken } : {}),
    ...(options.trustedProxy ? { trustedProxies: options.trustedProxy } : {}),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(metricsListen ? { metricsListen } : {}),
    ...(tls ? { tls } : {}),
    ...(webDir ? { webDir } : {}),
    ...(self ? { downloadsDir: dirname(self) } : {}),
    ...(agentImage ? { agentImage } : {}),
    ...(options.agentImageFile ? { agentImageFile: resolve(options.agentImageFile) } : {}),
    hubOptions: { memoryBudgetBytes: logTrafficBudget(memoryBudgetBytes), ...retention.hub },
    logRetention: retention.store,
    audit,
    ...(maxLogSockets === undefined ? {} : { limits: logSocketLimits(maxLogSockets) }),
    ...(localAgentOn
      ? {
          companion: localAgent({
            ...(dockerHost ? { dockerHost } : {}),
            ...(agentName ? { name: agentName } : {}),
          }),
        }
      : {}),
    logger,
  });
  process.stdout.write(banner(manager, localAgentOn));
  await untilSignalled(manager, logger);
}

function banner(manager: RunningManager, localAgent: boolean): string {
  const base = manager.publicUrl ?? manager.url;
  const lines = [
    `bosun manager is listening on ${manager.url}`,
    manager.webDir
      ? `  web UI:       ${base}`
      : '  web UI:       not found (no web/ beside this bosun, no packages/web/dist; --web-dir DIR): use bosun',
    `  log in:       bosun login --manager ${base}`,
    `  data:         ${manager.dataDir}`,
    localAgent
      ? "  local agent:  serving this machine's Docker (--no-local-agent to turn off)"
      : '  local agent:  off',
    '  add a host:   bosun token create (or Add host in the web UI), then paste a line it prints on that host',
    ...(manager.metricsUrl
      ? [`  metrics:      ${manager.metricsUrl} (no credentials: keep it private)`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

function untilSignalled(manager: RunningManager, logger: Logger): Promise<void> {
  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: the person does not want to wait for the graceful path.
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      manager.close().then(
        () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
          done();
        },
        (error: unknown) => {
          logger.error({ err: String(error) }, 'shutdown failed');
          process.exitCode = 1;
          done();
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `--web-dir`, which must hold a built web UI. */
function checkedWebDir(dir: string): string {
  const full = resolve(dir);
  if (!existsSync(join(full, 'index.html'))) {
    throw new Error(
      `--web-dir ${dir} holds no index.html: point it at the web UI's build (packages/web/dist)`,
    );
  }
  return full;
}

// Bundled, this module is part of the single-file command, which the manager then hands out at
// /download/bosun wherever that file was installed, with the agent and its image found beside it.
// Run from the TypeScript sources, the server's default applies (the checkout's packages/cli/dist).
function singleFile(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  return extname(self) === '.ts' ? undefined : self;
}

/** `--tls-cert` and `--tls-key`, which make sense only together. */
function tlsFiles(options: ManagerCommandOptions): TlsFiles | undefined {
  const { tlsCert, tlsKey } = options;
  if (!tlsCert && !tlsKey) return undefined;
  if (!tlsCert || !tlsKey) {
    throw new UsageError(
      `--tls-cert (BOSUN_TLS_CERT) and --tls-key (BOSUN_TLS_KEY) go together: ${tlsCert ? '--tls-key' : '--tls-cert'} is missing`,
    );
  }
  return { certFile: resolve(tlsCert), keyFile: resolve(tlsKey) };
}

/** A yes/no environment variable: 1/true/yes/on or 0/false/no/off. */
function envFlag(name: string, fallback: boolean): boolean {
  const value = process.env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new UsageError(`${name} must be 0 or 1, not ${JSON.stringify(process.env[name])}`);
}

function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
