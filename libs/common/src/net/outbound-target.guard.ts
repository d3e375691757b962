import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** One address a name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; the system resolver unless a test gives its own. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A host checked once and the address every connection to it must use. */
export interface PinnedTarget {
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** Why an outbound target was refused; the message never carries the resolved address. */
export class OutboundTargetRefusedError extends Error {
  constructor(
    readonly hostname: string,
    readonly reason: 'unresolvable' | 'private-address',
  ) {
    super(
      reason === 'unresolvable'
        ? `outbound host ${hostname} does not resolve`
        : `outbound host ${hostname} resolves to a private, loopback or reserved address`,
    );
    this.name = 'OutboundTargetRefusedError';
  }
}

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** Addresses no outbound call may reach: private, loopback, link-local, shared, reserved. */
const NON_PUBLIC = (() => {
  const list = new BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  const v6: Array<[string, number]> = [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ];
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
})();

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (dotted or hex), if any. */
function embeddedIpv4(address: string): string | undefined {
  const dotted = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address is outside the public internet (any IPv6 mapping read as IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return NON_PUBLIC.check(address, 'ipv4');
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return NON_PUBLIC.check(inner, 'ipv4');
  return NON_PUBLIC.check(address, 'ipv6');
}

/** How strict the guard is. */
export interface OutboundTargetGuardOptions {
  resolver?: HostResolver;
  /**
   * Let private and loopback addresses through: for local runs against a site on this machine
   * or in a private network the operator chose. Pinning still applies.
   */
  allowNonPublic?: boolean;
  /**
   * Hosts (names or IP literals, without port) that may resolve to non-public addresses when
   * the rest may not: receivers the operator runs in the cluster. Pinning still applies.
   */
  allowedHosts?: readonly string[];
}

/** A host as compared: without IPv6 brackets, lower-case. */
const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * The check every outbound call to a host that is not fully trusted goes through, against
 * server-side request forgery: the host is resolved once, every address it resolves to must be
 * public (one private answer refuses the host, so a name cannot mix a public decoy with an
 * internal target), and the connection is then made to the address that was checked (as
 * libs/resilience's `createPinnedAgent` opens every connection), never by a second lookup that
 * a DNS rebinding could answer differently. IP literals are checked as they are. Generic: it
 * knows hosts and addresses, not what is fetched. Pure Node (dns, net), so the api can run the
 * check when a target is registered without loading the outbound policies.
 */
export class OutboundTargetGuard {
  private readonly resolver: HostResolver;
  private readonly allowNonPublic: boolean;
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(options: OutboundTargetGuardOptions = {}) {
    this.resolver = options.resolver ?? systemResolver;
    this.allowNonPublic = options.allowNonPublic ?? false;
    this.allowedHosts = new Set((options.allowedHosts ?? []).map(bareHost));
  }

  /** Resolves and checks a host (a name or an IP literal); throws when it may not be reached. */
  async check(hostname: string): Promise<PinnedTarget> {
    const bare = bareHost(hostname);
    const literal = isIP(bare);
    const addresses: ResolvedAddress[] =
      literal === 0
        ? await this.resolver(bare).catch(() => [])
        : [{ address: bare, family: literal === 6 ? 6 : 4 }];
    if (addresses.length === 0) throw new OutboundTargetRefusedError(bare, 'unresolvable');
    const mayBeNonPublic = this.allowNonPublic || this.allowedHosts.has(bare);
    if (!mayBeNonPublic && addresses.some((a) => isNonPublicAddress(a.address))) {
      throw new OutboundTargetRefusedError(bare, 'private-address');
    }
    const [first] = addresses;
    return { hostname: bare, address: first.address, family: first.family };
  }
}
