import type { AppContext } from '@bosun/api';
import { fileDownload } from './file-download.ts';

/** The files a manager hands out, each beside its own single file unless configured otherwise. */
export type DownloadFiles = {
  /** The single-file `bosun` command. */
  cli?: string;
  /** The single-file agent, which the install script runs as a service. */
  agent?: string;
  /** The agent image's `docker save` output (gzip), which the container form of a join line loads. */
  agentImage?: string;
};

/** Where a workstation downloads the `bosun` command from the manager. */
export const CLI_DOWNLOAD_PATH = '/download/bosun';
/** Where the install script downloads the single-file agent. */
export const AGENT_DOWNLOAD_PATH = '/download/bosun-agent';
/** Where a host's container join line loads the agent image from. */
export const AGENT_IMAGE_DOWNLOAD_PATH = '/download/bosun-agent-image';

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The public download routes by path: the `bosun` command, the agent, the agent image. */
export function downloadRoutes(files: DownloadFiles): Map<string, (c: AppContext) => Promise<Response>> {
  return new Map([
    [
      CLI_DOWNLOAD_PATH,
      fileDownload({
        path: files.cli,
        filename: 'bosun',
        contentType: JAVASCRIPT,
        missing:
          'This manager has no bosun command to hand out: it runs from a checkout where it is not built (npm run build:cli).\n',
      }),
    ],
    [
      AGENT_DOWNLOAD_PATH,
      fileDownload({
        path: files.agent,
        filename: 'bosun-agent.mjs',
        contentType: JAVASCRIPT,
        missing:
          'This manager has no single-file agent to hand out: bosun-agent.mjs is not beside its bosun.mjs (npm run build:agent in a checkout).\n',
      }),
    ],
    [
      AGENT_IMAGE_DOWNLOAD_PATH,
      fileDownload({
        path: files.agentImage,
        filename: 'bosun-agent-image.tar.gz',
        contentType: 'application/gzip',
        missing:
          'This manager has no agent image to hand out: put bosun-agent-image.tar.gz (npm run build:images) beside its bosun.mjs or name it with --agent-image-file, or pull the image from a registry.\n',
      }),
    ],
  ]);
}
