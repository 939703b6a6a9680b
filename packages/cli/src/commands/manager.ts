import { Command, Option } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { ManagerCommandOptions } from './manager-run.ts';
import { DEFAULT_MANAGER_LISTEN } from './option-choices.ts';

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
        .default(DEFAULT_MANAGER_LISTEN),
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        'where the database lives (default: /var/lib/bosun/manager for root, else ~/.local/share/bosun/manager)',
      ).env('BOSUN_DATA_DIR'),
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
        '--retain <policy>',
        'whose logs the manager keeps in logs.db: labelled (containers labelled bosun.retain=true; the default), all (every container but those labelled bosun.retain=false) or none; a host can have its own',
      ).env('BOSUN_RETAIN'),
    )
    .addOption(
      new Option(
        '--log-retention-bytes <size>',
        'the most logs.db and its WAL may take, e.g. 2GiB (the default) or 0 for no bound; the oldest lines go first',
      ).env('BOSUN_LOG_RETENTION_BYTES'),
    )
    .addOption(
      new Option(
        '--log-retention-container-bytes <size>',
        "the most one container's kept lines may take, e.g. 256MiB (the default) or 0 for no bound",
      ).env('BOSUN_LOG_RETENTION_CONTAINER_BYTES'),
    )
    .addOption(
      new Option(
        '--log-retention-age <duration>',
        'how long kept lines stay, e.g. 48h or 7d (the default), or 0 for no bound',
      ).env('BOSUN_LOG_RETENTION_AGE'),
    )
    .addOption(
      new Option(
        '--max-retained-streams <n>',
        'retained containers followed at once, running ones first (default: 200)',
      ).env('BOSUN_MAX_RETAINED_STREAMS'),
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
    .addOption(
      new Option(
        '--web-dir <dir>',
        "the web UI's built files (default: packages/web/dist of the checkout bosun runs from)",
      ).env('BOSUN_WEB_DIR'),
    )
    .addOption(
      new Option(
        '--agent-image <image>',
        "the agent image the container form of a host's join line runs (default: bosun-agent:<this version>)",
      ).env('BOSUN_AGENT_IMAGE'),
    )
    .addOption(
      new Option(
        '--agent-image-file <file>',
        "the agent image's docker save output (gzip) to hand out at /download/bosun-agent-image, so join lines load it (default: bosun-agent-image.tar.gz beside this bosun)",
      ).env('BOSUN_AGENT_IMAGE_FILE'),
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
      requireNodeSqlite();
      const { runManager } = await import('./manager-run.ts');
      await runManager(options);
    });
}

// The manager keeps its store in node:sqlite (Node 24); the client commands run on Node 20 too,
// so an older Node learns this here rather than from a failed import deep in the store.
function requireNodeSqlite(): void {
  if (process.getBuiltinModule?.('node:sqlite') === undefined) {
    throw new UsageError(
      `bosun manager needs Node 24 or newer (for node:sqlite); this is Node ${process.versions.node}`,
    );
  }
}
