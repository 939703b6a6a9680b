/** An IP address as 16 bytes; IPv4 is held IPv4-mapped (`::ffff:a.b.c.d`) so both compare alike. */
export type IpBytes = Uint8Array;

/** A network: an address and how many leading bits of it count. */
export type Cidr = { readonly bytes: IpBytes; readonly prefix: number };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIpv4(text: string): number[] | undefined {
  const parts = IPV4.exec(text);
  if (!parts) return undefined;
  const octets = parts.slice(1).map(Number);
  // Leading zeros are refused: some parsers read them as octal, so `010.0.0.1` means two things.
  if (octets.some((n, i) => n > 255 || (parts[i + 1]!.length > 1 && parts[i + 1]!.startsWith('0'))))
    return undefined;
  return octets;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const bytes: number[] = [];
    const groups = part.split(':');
    for (const [i, group] of groups.entries()) {
      if (i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group);
        if (!v4) return undefined;
        bytes.push(...v4);
      } else if (HEX_GROUP.test(group)) {
        const n = Number.parseInt(group, 16);
        bytes.push(n >> 8, n & 0xff);
      } else {
        return undefined;
      }
    }
    return bytes;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 16 ? head : undefined;
  const gap = 16 - head.length - tail.length;
  if (gap < 2) return undefined;
  return [...head, ...new Array<number>(gap).fill(0), ...tail];
}

/** The address `text` spells (IPv4 dotted, IPv6 with an optional zone), or undefined. */
export function parseIp(text: string): IpBytes | undefined {
  const v4 = parseIpv4(text);
  if (v4) return Uint8Array.from([...MAPPED_PREFIX, ...v4]);
  if (!text.includes(':')) return undefined;
  // A zone (`fe80::1%eth0`) names the interface, not a different host.
  const v6 = parseIpv6(text.split('%')[0]!);
  return v6 ? Uint8Array.from(v6) : undefined;
}

/** True for an IPv4 address or an IPv4-mapped IPv6 one. */
export function isIpv4(bytes: IpBytes): boolean {
  return MAPPED_PREFIX.every((b, i) => bytes[i] === b);
}

/** `a.b.c.d/n`, `v6/n` or a bare address (a network of one); throws a RangeError naming `text`. */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const bytes = parseIp(address);
  if (!bytes || extra !== undefined)
    throw new RangeError(`${JSON.stringify(text)} is not an address or CIDR`);
  const v4 = isIpv4(bytes) && !address.includes(':');
  const max = v4 ? 32 : 128;
  if (prefixText === undefined) return { bytes, prefix: 128 };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
    throw new RangeError(`${JSON.stringify(text)}: the prefix length must be 0 to ${max}`);
  return { bytes, prefix: Number(prefixText) + (v4 ? 96 : 0) };
}

/** True when `bytes` lies in `cidr`. */
export function cidrContains(cidr: Cidr, bytes: IpBytes): boolean {
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((cidr.bytes[i] ?? 0) & mask) !== ((bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * The key rate limits count a client under: an IPv4 address (mapped ones too) as itself, an
 * IPv6 address by its /64, since one subscriber is routinely handed a whole /64 and could
 * otherwise try from as many addresses as it likes. Anything unparseable counts as itself.
 */
export function clientBucket(address: string): string {
  const bytes = parseIp(address);
  if (!bytes) return address;
  if (isIpv4(bytes)) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return `${groups.join(':')}::/64`;
}
