/**
 * A test bed prerequisite is missing or broken. Its message always says what to
 * install or configure, so a failing run tells the developer how to fix it.
 */
export class TestbedError extends Error {
  override name = 'TestbedError';
}

/** The Debian packages the integration suite needs; `scripts/ensure-system.sh` installs them. */
export const INSTALL_HINT =
  'On Debian, as root: `apt-get install -y docker.io busybox-static` (or run `bash scripts/ensure-system.sh`).';

/** The other way to a primary engine: one that already runs. */
export const DOCKER_HOST_HINT =
  'Or point DOCKER_HOST at a running Docker Engine, e.g. DOCKER_HOST=unix:///var/run/docker.sock.';
