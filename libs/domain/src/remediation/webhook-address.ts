import { BlockList, isIP } from 'node:net';

/** Where an organisation's webhook may point, beyond a public address. */
export interface WebhookAddressPolicy {
  /** Loopback (127.0.0.0/8, ::1, localhost): development and tests only. */
  readonly allowLoopback: boolean;
  /** Private, link-local and other non-public ranges: an installation inside a company network. */
  readonly allowPrivateNetworks: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Addresses that are not on the public internet (RFC 6890 special-purpose ranges): a webhook aimed at them
 * would let an organisation's admin probe the network the worker runs in (its database, cache, cloud
 * metadata service) and read the status codes back from the delivery log.
 */
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // ::ffff:0:0/96 (IPv4-mapped) is not listed: BlockList would match every IPv4 address against it, and
  // `unmapped` judges a mapped address as the IPv4 address it carries.
  ['::', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  nonPublic.addSubnet(net, prefix, 'ipv6');

const family = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * An IPv4 address written as IPv6 (::ffff:a.b.c.d, or ::ffff:7f00:1 as URL parsing writes it) is judged as
 * the IPv4 address it is, so ::ffff:127.0.0.1 is loopback, not merely "reserved".
 */
function unmapped(address: string): string {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isLoopbackAddress(address: string): boolean {
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  return isIP(ip) !== 0 && loopback.check(ip, family(ip));
}

/** What kind of forbidden address this is ("a loopback address (127.0.0.1)"), or null when a webhook may go there. */
export function webhookAddressProblem(address: string, policy: WebhookAddressPolicy): string | null {
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  if (!isIP(ip)) return `not an IP address (${ip})`;
  if (loopback.check(ip, family(ip))) return policy.allowLoopback ? null : `a loopback address (${ip})`;
  if (nonPublic.check(ip, family(ip)))
    return policy.allowPrivateNetworks ? null : `a private or reserved address (${ip})`;
  return null;
}

/** A host name that always means this machine. */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}
