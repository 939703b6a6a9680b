import { resolve } from 'node:path';
import {
  DEFAULT_LISTEN,
  DEFAULT_PROCESS_MEMORY_BUDGET_BYTES,
  defaultManagerDataDir,
  limitHeapGrowth,
  logSocketLimits,
  logTrafficBudget,
  parseAllowedHosts,
  parseAuditMaxAge,
  parseAuditMaxRows,
  parseListen,
  parseMaxLogSockets,
  parseMemoryBudget,
  parseMetricsToken,
  parsePublicUrl,
  parseTrustedProxies,
  type RunningManager,
  startManager,
  type TlsFiles,
} from '@bosun/server';
import { Command, Option } from 'commander';
import { UsageError } from '../exit-codes.ts';
import { localAgent } from '../local-agent.ts';
import { createLogger, type Logger } from '../logger.ts';
import { parseAgentName } from '../validate.ts';

type ManagerCommandOptions = {
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
  trustedProxy?: string;
  allowedHosts?: string;
  tlsCert?: string;
  tlsKey?: string;
};

// After the first signal the manager shuts down gracefully; something still holding the event
// loop after that must not keep a service manager waiting.
const EXIT_GRACE_MS = 5000;

/**
 * `bosun manager`: the manager, and unless told not to, an agent for this machine's Docker in the
 * same process.
 */
export function managerCommand(): Command {
  return new Command('manager')
    .description(
      "Run the manager (web UI, HTTP API, the endpoint agents dial) and an agent for this machine's Docker.",
    )
    .addOption(
      new Option('--listen <host:port>', 'address to listen on; 0.0.0.0:7070 for every interface')
        .env('BOSUN_LISTEN')
        .default(DEFAULT_LISTEN),
    )
    .addOption(
      new Option('--data-dir <dir>', `where the database lives (default: ${defaultManagerDataDir()})`).env(
        'BOSUN_DATA_DIR',
      ),
    )
    .addOption(
      new Option(
        '--public-url <url>',
        'the URL browsers and agents reach the manager at, e.g. behind a TLS proxy (default: the URL each request used)',
      ).env('BOSUN_PUBLIC_URL'),
    )
    .addOption(
      new Option(
        '--allowed-hosts <names>',
        'host names the manager answers to besides the public URL, IP addresses and localhost, comma-separated; *.example.com for every name under one',
      ).env('BOSUN_ALLOWED_HOSTS'),
    )
    .addOption(
      new Option(
        '--trusted-proxy <cidrs>',
        'reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client, for rate limits and the audit',
      ).env('BOSUN_TRUSTED_PROXY'),
    )
    .addOption(new Option('--no-local-agent', "do not serve this machine's Docker (or BOSUN_LOCAL_AGENT=0)"))
    .addOption(
      new Option(
        '--docker-host <url>',
        'Docker Engine the local agent serves (default: DOCKER_HOST or the local socket)',
      ).env('BOSUN_DOCKER_HOST'),
    )
    .addOption(
      new Option('--agent-name <name>', 'name of the local agent (default: hostname)').env(
        'BOSUN_AGENT_NAME',
      ),
    )
    .addOption(
      new Option(
        '--metrics-token <token>',
        'a bearer token that may read /metrics (admins always may); prefer BOSUN_METRICS_TOKEN, which ps does not show',
      ).env('BOSUN_METRICS_TOKEN'),
    )
    .addOption(
      new Option(
        '--metrics-listen <host:port>',
        'also serve /metrics, without credentials, on this address: keep it on loopback or a private network',
      ).env('BOSUN_METRICS_LISTEN'),
    )
    .addOption(
      new Option(
        '--memory-budget <size>',
        'memory for the manager process, e.g. 512MiB or 1GiB (at least 256MiB); log traffic gets its share, and past it the slowest viewers are shed first (default: 512MiB)',
      ).env('BOSUN_MEMORY_BUDGET'),
    )
    .addOption(
      new Option(
        '--max-log-sockets <n>',
        'log sockets (web viewers, bosun logs -f) open at once; each user may hold a quarter (default: 1000)',
      ).env('BOSUN_MAX_LOG_SOCKETS'),
    )
    .addOption(
      new Option(
        '--audit-max-age <duration>',
        'how long audit entries are kept, e.g. 30d (default: 90d)',
      ).env('BOSUN_AUDIT_MAX_AGE'),
    )
    .addOption(
      new Option('--audit-max-rows <n>', 'how many audit entries are kept at most (default: 100000)').env(
        'BOSUN_AUDIT_MAX_ROWS',
      ),
    )
    .addOption(
      new Option(
        '--tls-cert <file>',
        'serve https and wss with this PEM certificate (chain); needs --tls-key',
      ).env('BOSUN_TLS_CERT'),
    )
    .addOption(
      new Option('--tls-key <file>', "the PEM private key of --tls-cert's certificate").env('BOSUN_TLS_KEY'),
    )
    .addHelpText(
      'after',
      `
Environment:
  BOSUN_ADMIN_PASSWORD  the first admin's password, read on the very first start only
                        (without it, one is generated and printed once)
  BOSUN_LOCAL_AGENT=0   same as --no-local-agent
  BOSUN_LOG_LEVEL       debug, info (default), warn or error; logs go to stderr
`,
    )
    .action(async (options: ManagerCommandOptions) => {
      const listen = parseOrUsage(() => {
        parseListen(options.listen);
        return options.listen;
      });
      const publicUrl = options.publicUrl
        ? parseOrUsage(() => parsePublicUrl(options.publicUrl!))
        : undefined;
      if (options.trustedProxy) parseOrUsage(() => parseTrustedProxies(options.trustedProxy!));
      if (options.allowedHosts) parseOrUsage(() => parseAllowedHosts(options.allowedHosts!));
      const localAgentOn = options.localAgent && envFlag('BOSUN_LOCAL_AGENT', true);
      const agentName = options.agentName
        ? parseOrUsage(() => parseAgentName(options.agentName!))
        : undefined;
      const dockerHost = options.dockerHost || process.env.DOCKER_HOST || undefined;
      const memoryBudgetBytes = options.memoryBudget
        ? parseOrUsage(() => parseMemoryBudget(options.memoryBudget!))
        : DEFAULT_PROCESS_MEMORY_BUDGET_BYTES;
      const maxLogSockets = options.maxLogSockets
        ? parseOrUsage(() => parseMaxLogSockets(options.maxLogSockets!))
        : undefined;
      const tls = tlsFiles(options);
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
        ...(options.auditMaxAge
          ? { maxAgeMs: parseOrUsage(() => parseAuditMaxAge(options.auditMaxAge!)) }
          : {}),
        ...(options.auditMaxRows
          ? { maxRows: parseOrUsage(() => parseAuditMaxRows(options.auditMaxRows!)) }
          : {}),
      };

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
        hubOptions: { memoryBudgetBytes: logTrafficBudget(memoryBudgetBytes) },
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
    });
}

function banner(manager: RunningManager, localAgent: boolean): string {
  const base = manager.publicUrl ?? manager.url;
  const lines = [
    `bosun manager is listening on ${manager.url}`,
    `  web UI:       ${base}`,
    `  log in:       bosun login --manager ${base}`,
    `  data:         ${manager.dataDir}`,
    localAgent
      ? "  local agent:  serving this machine's Docker (--no-local-agent to turn off)"
      : '  local agent:  off',
    '  add a host:   bosun token create, then run the command it prints on that host',
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
