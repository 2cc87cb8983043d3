/**
 * IPv4 CIDR blocks, parsed by ipaddr.js (MIT) rather than a regular expression: four decimal
 * octets of 0-255 and a prefix length of 0-32, and no bits set after the prefix. Pure.
 *
 * Host bits are refused because they are nearly always a typo that widens: `203.0.113.5/24`
 * looks like one address but is the whole network `203.0.113.0/24`.
 */
import * as ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { says } from './problems';

export type Ipv4CidrCheck =
  | { readonly ok: true; readonly network: string; readonly prefixLength: number }
  | { readonly ok: false; readonly message: string; readonly fix: string };

export function checkIpv4Cidr(text: string): Ipv4CidrCheck {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) {
    return { ok: false, message: 'must be an IPv4 CIDR: four decimal octets of 0-255, then a prefix length of /0 to /32', fix: 'Write it as 10.0.0.0/16' };
  }
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(text);
  const canonical = `${address.toString()}/${prefixLength}`;
  // Leading zeros (010 is octal to some parsers) make one block look like another.
  if (canonical !== text) return { ok: false, message: 'must be written without leading zeros', fix: `Write ${canonical}` };
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== address.toString()) {
    return {
      ok: false,
      message: `has bits set after its /${prefixLength} prefix: it is the network ${network}/${prefixLength} (${2 ** (32 - prefixLength)} addresses), not the one address it shows`,
      fix: `Write ${network}/${prefixLength} for the network, or ${address.toString()}/32 for the one address`,
    };
  }
  return { ok: true, network, prefixLength };
}

/** The one zod schema every IPv4 CIDR field of the config uses. */
export const ipv4Cidr = z.string().superRefine((text, ctx) => {
  const check = checkIpv4Cidr(text);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: says(check.message, check.fix), input: text });
});

/** Whether two valid IPv4 CIDR blocks share an address (one contains the other's network). */
export function cidrsOverlap(a: string, b: string): boolean {
  const [na, la] = ipaddr.IPv4.parseCIDR(a);
  const [nb, lb] = ipaddr.IPv4.parseCIDR(b);
  return la <= lb ? nb.match(na, la) : na.match(nb, lb);
}

/** Link-local addresses: the instance metadata service (169.254.169.254) and the Pod Identity agent (169.254.170.23). */
export const LINK_LOCAL_CIDR = '169.254.0.0/16';

/** Ranges no VPC may use (AWS reserves link-local; the others are not unicast host space). */
const NOT_A_VPC = ['0.0.0.0/8', '127.0.0.0/8', LINK_LOCAL_CIDR, '224.0.0.0/3'];

/**
 * A VPC's CIDR, as AWS allows one: a block of /16 to /28 (the VPC limits) outside the reserved
 * ranges. Network policies open HTTPS to it, so `0.0.0.0/0` here would open the internet.
 */
export const vpcCidrBlock = ipv4Cidr.superRefine((text, ctx) => {
  const check = checkIpv4Cidr(text);
  if (!check.ok) return;
  if (check.prefixLength < 16 || check.prefixLength > 28) {
    ctx.addIssue({ code: 'custom', message: says(`must be a VPC CIDR, /16 to /28 (got a /${check.prefixLength})`, 'Use the VPC\'s CIDR as `aws ec2 describe-vpcs` shows it, e.g. 10.0.0.0/16'), input: text });
    return;
  }
  const reserved = NOT_A_VPC.find((r) => cidrsOverlap(r, text));
  if (reserved !== undefined) ctx.addIssue({ code: 'custom', message: says(`cannot be a VPC CIDR: it lies in the reserved range ${reserved}`, 'Use the VPC\'s CIDR, e.g. 10.0.0.0/16'), input: text });
});

/** How many addresses a set of valid IPv4 CIDR blocks covers together (nested blocks counted once). */
export function addressCount(cidrs: readonly string[]): number {
  const blocks = [...new Set(cidrs)].map((c) => ipaddr.IPv4.parseCIDR(c)).sort((a, b) => a[1] - b[1]);
  const kept: Array<[ipaddr.IPv4, number]> = [];
  for (const [net, len] of blocks) if (!kept.some(([k, kl]) => kl <= len && net.match(k, kl))) kept.push([net, len]);
  return kept.reduce((n, [, len]) => n + 2 ** (32 - len), 0);
}
