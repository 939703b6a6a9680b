/**
 * The agent image the container form of a host's join line runs, and whether this manager hands
 * that image out (`GET /download/bosun-agent-image`), in which case the line loads it from the
 * manager when the host lacks it. Asked per join token, since the file may appear after start.
 */
export interface AgentImageSource {
  /** The image reference, e.g. `bosun-agent:0.2.0` or `registry.example.com/bosun-agent:0.2.0`. */
  readonly name: string;
  /** True when the manager has the image's `docker save` output to hand out. */
  served(): Promise<boolean>;
}
