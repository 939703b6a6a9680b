import { type Cidr, cidrContains, parseIp } from './ip-address.ts';

function trusted(address: string, proxies: readonly Cidr[]): boolean {
  const bytes = parseIp(address);
  return bytes !== undefined && proxies.some((cidr) => cidrContains(cidr, bytes));
}

/**
 * Who sent a request: the TCP peer, unless the peer is one of `proxies` (`--trusted-proxy`);
 * then the right-most X-Forwarded-For address that is not itself a trusted proxy. Addresses left
 * of that one were written by whoever sent the request and prove nothing. A peer that is not a
 * trusted proxy has its header ignored, since anyone can send one.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  proxies: readonly Cidr[],
): string {
  if (forwardedFor === undefined || proxies.length === 0 || !trusted(peer, proxies)) return peer;
  const hops = forwardedFor.split(',').map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A proxy that wrote garbage is not believed further: the peer is the best evidence left.
    if (parseIp(hop) === undefined) return peer;
    if (!trusted(hop, proxies)) return hop;
  }
  // Every hop is a trusted proxy: the left-most is the closest thing to a client.
  return hops[0] || peer;
}
