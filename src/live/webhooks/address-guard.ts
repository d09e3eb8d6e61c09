/**
 * SSRF guard for webhook targets. An admin registers a URL, the server POSTs to it: without
 * this, "admin" would mean "can make the server talk to its own network" (metadata services,
 * Redis, the database, the admin socket's neighbours). Checked at registration and again at
 * every delivery (DNS answers change), on the very addresses the socket then connects to.
 *
 * URLs are parsed with WHATWG URL, which already turns decimal (2130706433), hex (0x7f.1) and
 * short (127.1) IPv4 notations into dotted quads, and compresses IPv6. IPv6 forms that embed
 * an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) are judged by the IPv4 address inside.
 */
import dns from 'node:dns';
import net from 'node:net';

const BLOCKED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local or metadata'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const BLOCKED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private (unique local) or metadata'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** One BlockList per range, so a refusal can say which kind of address it was. */
function rangesOf(ranges: [string, number, string][], family: 'ipv4' | 'ipv6') {
  return ranges.map(([address, prefix, reason]) => {
    const list = new net.BlockList();
    list.addSubnet(address, prefix, family);
    return { list, reason };
  });
}
const V4_RANGES = rangesOf(BLOCKED_V4, 'ipv4');
const V6_RANGES = rangesOf(BLOCKED_V6, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (any valid textual form, dotted tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...fill, ...tailGroups].map((g) => parseInt(g, 16));
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
function embeddedIpv4(groups: number[]): string | null {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4Of(groups[6], groups[7]); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7] > 1)) return v4Of(groups[6], groups[7]); // ::a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4Of(groups[6], groups[7]); // NAT64
  if (groups[0] === 0x2002) return v4Of(groups[1], groups[2]); // 6to4
  return null;
}

/** Why an IP address may not be a webhook target, or null when it may. */
export function blockedReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '');
  const kind = net.isIP(ip);
  if (kind === 4) return V4_RANGES.find((r) => r.list.check(ip, 'ipv4'))?.reason ?? null;
  if (kind === 6) {
    const groups = ipv6Groups(ip);
    const inner = embeddedIpv4(groups);
    if (inner) return blockedReason(inner);
    const normal = groups.map((g) => g.toString(16)).join(':');
    return V6_RANGES.find((r) => r.list.check(normal, 'ipv6'))?.reason ?? null;
  }
  return 'not an IP address';
}

export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * Every address the host of a URL stands for, refusing the lot when any is off limits
 * (an attacker's DNS can answer one public and one private address).
 */
export async function vetHost(hostname: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<ResolvedAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const literal = net.isIP(bare);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch {
      throw new RefusedTargetError(`the host "${bare}" does not resolve`);
    }
    if (addresses.length === 0) throw new RefusedTargetError(`the host "${bare}" does not resolve`);
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const reason = blockedReason(address);
      if (reason)
        throw new RefusedTargetError(`the host "${bare}" ${literal ? 'is' : `resolves to ${address}, which is`} a ${reason} address: webhooks go to public addresses only`);
    }
  }
  return addresses;
}
