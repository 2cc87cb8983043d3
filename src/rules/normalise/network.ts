/**
 * Security-group rules normalised into one model before any rule asks a question of them: which
 * sources (as sets of address ranges) reach which protocol and ports. Pure.
 *
 * - **Sources** become address sets (ipaddr.js parses; host bits are cleared, so `1.2.3.4/0` is
 *   `0.0.0.0/0`; `0:0:0:0:0:0:0:0/0` is `::/0`; the IPv4-mapped part of an IPv6 range,
 *   `::ffff:0:0/96`, and of NAT64's `64:ff9b::/96`, is also its IPv4 range). The sources of a rule, and of every rule of a group
 *   that reaches the same port, are one union: `0.0.0.0/1` + `128.0.0.0/1` is the internet.
 * - **The internet**: a set admits the internet when it holds at least half of the public
 *   (globally routable) addresses of IPv4 or of IPv6 (IPv6 public space: `2000::/3`). "Every
 *   public address" would let `0.0.0.0/0` minus one /8 through; half is a /1's worth of the
 *   routable space, which no allowlist of known peers comes near.
 * - **Unknown sources**: a reference (`${var.x}`, `${data.x.y}`) is unknown, except
 *   `${aws_vpc.X.cidr_block}` / `${aws_subnet.X.cidr_block}` (and `ipv6_cidr_block`) and
 *   `${local.x}` with literal values in the same file, which are read. A CIDR that does not parse
 *   is unknown too. A rule whose question depends on an unknown source (the port and protocol
 *   match, and the known sources alone do not already admit the internet) reports that it could
 *   not be analysed (a warning), never a pass. Security-group, `self` and prefix-list sources are
 *   named peers, not the internet (a managed prefix list in the same file is read as its entries).
 *   A rule with no source at all is read as the internet, as checkov reads it.
 * - **Protocols**: `-1`, `all` (any case) → every protocol; `6`/`tcp`, `17`/`udp`, `1`/`icmp`,
 *   `58`/`icmpv6` (numbers or strings, any case, surrounding spaces ignored); other numbers and
 *   names are other protocols, which have no ports. A reference is unknown.
 * - **Ports** (TCP and UDP): every port when the protocol is `-1`, when `from_port` or `to_port` is
 *   -1 (as checkov reads it), when both are 0 (as checkov reads it) or both are absent; otherwise
 *   the range between them (either order). ICMP's `from_port`/`to_port` are types and codes.
 */
import * as ipaddr from 'ipaddr.js';
import type { RuleContext } from '../engine';
import { refName, TfBlock } from '../model';
import { forEachInstances, localValue, readLocal } from './dynamic';
import { evaluateHcl, HclValue, Opaque, soleInterpolation } from './hcl-literal';

export { localValue, readLocal };

export type Family = 'ipv4' | 'ipv6';
/** Inclusive range of addresses. */
export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}
/** Merged, sorted, disjoint ranges per family. */
export interface AddressSet {
  readonly ipv4: readonly Range[];
  readonly ipv6: readonly Range[];
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };
/** IPv6 ranges that stand for all IPv4: IPv4-mapped `::ffff:0:0/96`, and NAT64's well-known prefix `64:ff9b::/96` (through a NAT64 gateway it reaches every IPv4 address). */
const MAPPED = [{ lo: 0xffffn << 32n, hi: (0xffffn << 32n) | 0xffffffffn }, { lo: 0x64ff9bn << 96n, hi: (0x64ff9bn << 96n) | 0xffffffffn }];
export const EMPTY: AddressSet = { ipv4: [], ipv6: [] };
export const EVERYWHERE: AddressSet = { ipv4: [{ lo: 0n, hi: (1n << 32n) - 1n }], ipv6: [{ lo: 0n, hi: (1n << 128n) - 1n }] };

function merge(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.lo <= last.hi + 1n) out[out.length - 1] = { lo: last.lo, hi: r.hi > last.hi ? r.hi : last.hi };
    else out.push(r);
  }
  return out;
}

export function union(sets: readonly AddressSet[]): AddressSet {
  // Most rules of a stack name peers, not addresses: nothing to merge.
  if (sets.every((x) => x.ipv4.length === 0 && x.ipv6.length === 0)) return EMPTY;
  return { ipv4: merge(sets.flatMap((s) => s.ipv4)), ipv6: merge(sets.flatMap((s) => s.ipv6)) };
}

/** Addresses in both (merged) range lists. */
function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const lo = a[i].lo > b[j].lo ? a[i].lo : b[j].lo;
    const hi = a[i].hi < b[j].hi ? a[i].hi : b[j].hi;
    if (lo <= hi) out.push({ lo, hi });
    if (a[i].hi < b[j].hi) i++;
    else j++;
  }
  return out;
}

const size = (rs: readonly Range[]) => rs.reduce((n, r) => n + (r.hi - r.lo + 1n), 0n);

/** Non-public IPv4 space: this network, private, shared (CGNAT), loopback, link-local, documentation, benchmarking, multicast, reserved. */
const RESERVED_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3'];

function complement(rs: readonly Range[], bits: number): Range[] {
  const out: Range[] = [];
  let next = 0n;
  for (const r of rs) {
    if (r.lo > next) out.push({ lo: next, hi: r.lo - 1n });
    next = r.hi + 1n;
  }
  if (next <= (1n << BigInt(bits)) - 1n) out.push({ lo: next, hi: (1n << BigInt(bits)) - 1n });
  return out;
}

/** Parse `a.b.c.d/n` or an IPv6 CIDR into its range (host bits cleared); undefined when it does not parse. */
export function parseCidr(text: string): { family: Family; range: Range } | undefined {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    // The family by its separator (ipaddr.parseCIDR tries IPv6 first and throws for every IPv4 CIDR).
    parsed = text.includes(':') ? ipaddr.IPv6.parseCIDR(text) : ipaddr.IPv4.parseCIDR(text);
  } catch {
    return undefined;
  }
  const [addr, prefix] = parsed;
  const family = addr.kind();
  const bits = BITS[family];
  const value = addr.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
  const host = (1n << BigInt(bits - prefix)) - 1n;
  const lo = value & ~host & ((1n << BigInt(bits)) - 1n);
  return { family, range: { lo, hi: lo | host } };
}

const PUBLIC_V4 = complement(merge(RESERVED_V4.map((c) => parseCidr(c)!.range)), 32);
const PUBLIC_V6 = [parseCidr('2000::/3')!.range];
const PUBLIC_SIZE = { ipv4: size(PUBLIC_V4), ipv6: size(PUBLIC_V6) };

/** The set one CIDR stands for, with the IPv4 range of its IPv4-mapped part (cached by text: the same CIDRs recur across a file). */
export function cidrSet(text: string): AddressSet | undefined {
  if (CIDR_CACHE.has(text)) return CIDR_CACHE.get(text);
  const p = parseCidr(text);
  let set: AddressSet | undefined;
  if (p === undefined) set = undefined;
  else if (p.family === 'ipv4') set = { ipv4: [p.range], ipv6: [] };
  else set = { ipv4: merge(MAPPED.flatMap((m) => intersect([p.range], [m]).map((r) => ({ lo: r.lo - m.lo, hi: r.hi - m.lo })))), ipv6: [p.range] };
  if (CIDR_CACHE.size >= 100_000) CIDR_CACHE.clear();
  CIDR_CACHE.set(text, set);
  return set;
}
const CIDR_CACHE = new Map<string, AddressSet | undefined>();

/** Public addresses in the set: what share of each family's public space it admits. */
export function publicShare(s: AddressSet): { ipv4: number; ipv6: number } {
  const share = (rs: readonly Range[], pub: readonly Range[], total: bigint) => Number((size(intersect(rs, pub)) * 10000n) / total) / 100;
  return { ipv4: share(s.ipv4, PUBLIC_V4, PUBLIC_SIZE.ipv4), ipv6: share(s.ipv6, PUBLIC_V6, PUBLIC_SIZE.ipv6) };
}

/** At least half the public addresses of IPv4 or of IPv6 (see the module comment). */
export function isInternet(s: AddressSet): boolean {
  if (s.ipv4.length === 0 && s.ipv6.length === 0) return false;
  const share = publicShare(s);
  return share.ipv4 >= 50 || share.ipv6 >= 50;
}

/** Whether the set holds any public address. */
export const hasPublic = (s: AddressSet): boolean => intersect(s.ipv4, PUBLIC_V4).length > 0 || intersect(s.ipv6, PUBLIC_V6).length > 0;

/** Private space: RFC 1918, shared (CGNAT), loopback, link-local; IPv6 unique-local, link-local, loopback. */
const PRIVATE = union(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map((c) => cidrSet(c)!));

/** Whether a CIDR is entirely private (see PRIVATE): parsed as an address range, never matched as text; a CIDR that does not parse is not private. */
export function isPrivateCidr(text: string): boolean {
  const s = cidrSet(String(text));
  if (s === undefined) return false;
  const inside = (rs: readonly Range[], space: readonly Range[]) => size(intersect(rs, space)) === size(rs);
  return inside(s.ipv4, PRIVATE.ipv4) && inside(s.ipv6, PRIVATE.ipv6) && (s.ipv4.length > 0 || s.ipv6.length > 0);
}

export const describeShare = (s: AddressSet): string => {
  const share = publicShare(s);
  return [share.ipv4 > 0 ? `${share.ipv4}% of public IPv4` : '', share.ipv6 > 0 ? `${share.ipv6}% of public IPv6` : ''].filter(Boolean).join(' and ') || 'no public addresses';
};

// ---------------------------------------------------------------------------------------------
// Rules

export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | { readonly other: string };
export type Unknown = { readonly unknown: string };
const isUnknown = (x: unknown): x is Unknown => x !== null && typeof x === 'object' && 'unknown' in (x as object);

/** One ingress or egress rule, normalised. */
export interface NetRule {
  /** Address of the block it comes from (a security group for inline rules). */
  readonly origin: string;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: Protocol | Unknown;
  /** TCP/UDP port range (inclusive); undefined for protocols without ports. */
  readonly ports: { readonly from: number; readonly to: number } | Unknown | undefined;
  /** Literal sources (or destinations, for egress). */
  readonly addresses: AddressSet;
  /** Sources that could not be read: references and CIDRs that do not parse. */
  readonly unknown: readonly string[];
}

const PROTOCOLS: Record<string, Protocol> = { '-1': 'all', all: 'all', '6': 'tcp', tcp: 'tcp', '17': 'udp', udp: 'udp', '1': 'icmp', icmp: 'icmp', '58': 'icmpv6', icmpv6: 'icmpv6' };

export function protocolOf(v: unknown): Protocol | Unknown {
  if (v === undefined || v === null || v === '') return { unknown: 'no protocol' };
  const text = String(v).trim().toLowerCase();
  if (text.includes('${')) return { unknown: `protocol ${String(v)}` };
  if (/^[+-]?\d+$/.test(text)) return PROTOCOLS[String(Number(text))] ?? { other: String(Number(text)) };
  // A name (`gre`, `ipv6-icmp`) is another protocol; anything else (`6.0`, `-1.0`, `0x6`) is not a protocol EC2 is known to read one way.
  if (/^[a-z][a-z0-9-]*$/.test(text)) return PROTOCOLS[text] ?? { other: text };
  return { unknown: `protocol ${JSON.stringify(v)} is neither a number nor a name` };
}

const PORT_TEXT = /^\s*[+-]?\d+\s*$/;
function portOf(v: unknown): number | undefined | Unknown {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && PORT_TEXT.test(v)) return Number(v);
  return { unknown: `port ${String(v)}` };
}

function portsOf(raw: any, protocol: Protocol | Unknown): NetRule['ports'] {
  if (isUnknown(protocol)) return protocol;
  if (protocol === 'all') return { from: 0, to: 65535 };
  if (protocol !== 'tcp' && protocol !== 'udp') return undefined;
  const from = portOf(raw.from_port);
  const to = portOf(raw.to_port);
  if (isUnknown(from)) return from;
  if (isUnknown(to)) return to;
  if (from === undefined && to === undefined) return { from: 0, to: 65535 };
  if (from === -1 || to === -1 || (from === 0 && to === 0)) return { from: 0, to: 65535 };
  const a = from ?? to!;
  const b = to ?? from!;
  return { from: Math.max(0, Math.min(a, b)), to: Math.min(65535, Math.max(a, b)) };
}

/** Resolves a `${...}` source to literal CIDR text(s) when the file says what it is; undefined otherwise. */
export type SourceResolver = (ref: string) => string[] | undefined;

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** A rule (inline `ingress`/`egress` entry or a standalone rule's body) as the network model reads it. */
export function netRule(raw: any, direction: 'ingress' | 'egress', origin: string, resolve: SourceResolver = () => undefined): NetRule {
  const protocol = protocolOf(raw?.ip_protocol ?? raw?.protocol);
  const ports = portsOf(raw ?? {}, protocol);
  const cidrs = [raw?.cidr_ipv4, raw?.cidr_ipv6, ...asList(raw?.cidr_blocks), ...asList(raw?.ipv6_cidr_blocks)].filter((x) => x !== undefined && x !== null && x !== '');
  const peers = [raw?.referenced_security_group_id, raw?.source_security_group_id, raw?.prefix_list_id, ...asList(raw?.security_groups), ...asList(raw?.prefix_list_ids)].filter((x) => x !== undefined && x !== null && x !== '');
  const sets: AddressSet[] = [];
  const unknown: string[] = [];
  const read = (c: unknown, depth = 0): void => {
    if (typeof c !== 'string') {
      unknown.push(`source ${JSON.stringify(c)} is not a CIDR string`);
      return;
    }
    if (c.includes('${')) {
      const resolved = depth < 4 ? resolve(c) : undefined;
      if (resolved === undefined) unknown.push(`source ${c} is not known without a plan`);
      else for (const x of resolved) read(x, depth + 1);
      return;
    }
    const s = cidrSet(c);
    if (s === undefined) unknown.push(`source ${JSON.stringify(c)} is not a CIDR`);
    else sets.push(s);
  };
  for (const c of cidrs) read(c);
  for (const p of peers) {
    // A managed prefix list of the same file is read as its entries; other peers are named groups or lists, not addresses.
    const entries = typeof p === 'string' && p.includes('${') ? resolve(p) : undefined;
    if (entries !== undefined) for (const e of entries) read(e, 1);
  }
  const noSource = cidrs.length === 0 && peers.length === 0 && raw?.self !== true;
  return { origin, direction, protocol, ports, addresses: noSource ? EVERYWHERE : union(sets), unknown };
}

// ---------------------------------------------------------------------------------------------
// Questions

/** What a rule asks: internet reaching a port (any of several), every port of TCP or UDP, or any traffic at all. */
export type Question = { readonly ports: readonly number[] } | { readonly allPorts: true } | { readonly any: true };

export interface Answer {
  /** Set when the internet is admitted: what, e.g. `port 22 from 0.0.0.0/1, 128.0.0.0/1 (100% of public IPv4)`. */
  readonly internet?: string;
  /** Why the question could not be answered for some rules (when not already admitted). */
  readonly unknown: readonly string[];
}

type Reach = boolean | Unknown;

/** Whether a rule's protocol and ports reach a TCP/UDP port. */
export function reachesPort(r: NetRule, port: number): Reach {
  if (isUnknown(r.protocol)) return r.protocol;
  if (r.protocol !== 'all' && r.protocol !== 'tcp' && r.protocol !== 'udp') return false;
  if (r.ports === undefined) return false;
  if (isUnknown(r.ports)) return r.ports;
  return r.ports.from <= port && port <= r.ports.to;
}

const describeSources = (rs: readonly NetRule[], s: AddressSet) => {
  const n = rs.filter((r) => hasPublic(r.addresses)).length;
  return `(${describeShare(s)}${n > 1 ? `, from ${n} rules together` : ''})`;
};

/** Answer a question on a set of rules (one rule, or every rule of a group). */
export function ask(rules: readonly NetRule[], q: Question): Answer {
  const unknown = new Set<string>();
  const reached = (reach: (r: NetRule) => Reach): NetRule[] =>
    rules.filter((r) => {
      const x = reach(r);
      if (isUnknown(x)) {
        if (hasPublic(r.addresses) || r.unknown.length > 0) unknown.add(`${r.origin}: ${x.unknown}`);
        return false;
      }
      if (x) for (const u of r.unknown) unknown.add(`${r.origin}: ${u}`);
      return x;
    });
  if ('any' in q) {
    const rs = reached(() => true);
    const s = union(rs.map((r) => r.addresses));
    return isInternet(s) ? { internet: `any traffic ${describeSources(rs, s)}`, unknown: [] } : { unknown: [...unknown] };
  }
  if ('ports' in q) {
    for (const port of q.ports) {
      const rs = reached((r) => reachesPort(r, port));
      const s = union(rs.map((r) => r.addresses));
      if (isInternet(s)) return { internet: `port ${port} ${describeSources(rs, s)}`, unknown: [] };
    }
    return { unknown: [...unknown] };
  }
  // Every port of TCP or of UDP: sweep the port ranges, each stretch needing the internet.
  for (const proto of ['tcp', 'udp'] as const) {
    const rs = reached((r) => {
      if (isUnknown(r.protocol)) return r.protocol;
      if (r.protocol !== 'all' && r.protocol !== proto) return false;
      return r.ports === undefined ? false : isUnknown(r.ports) ? r.ports : hasPublic(r.addresses);
    }).map((r) => ({ r, from: (r.ports as { from: number }).from, to: (r.ports as { to: number }).to }));
    if (rs.length === 0 || !isInternet(union(rs.map((x) => x.r.addresses)))) continue;
    const starts = [...new Set([0, ...rs.map((x) => x.from), ...rs.map((x) => x.to + 1)])].filter((p) => p <= 65535).sort((a, b) => a - b);
    if (starts.every((p) => isInternet(union(rs.filter((x) => x.from <= p && p <= x.to).map((x) => x.r.addresses))))) {
      const all = union(rs.map((x) => x.r.addresses));
      return { internet: `every ${proto.toUpperCase()} port ${describeSources(rs.map((x) => x.r), all)}`, unknown: [] };
    }
  }
  return { unknown: [...unknown] };
}

export { isUnknown };

/**
 * Whether a list of CIDRs that admits callers (an EKS endpoint's `public_access_cidrs`) is the
 * internet, read as the same address sets as security-group sources: `0.0.0.0/1` + `128.0.0.0/1`
 * or `1.2.3.4/0` is `0.0.0.0/0`, and a `${local.x}` of the file is read. An empty list is AWS's
 * default, `0.0.0.0/0`. Set when the internet is admitted; throws ("could not be analysed") when
 * the answer depends on a value only a plan knows; undefined otherwise.
 */
export function cidrListExposure(cidrs: unknown, origin: string, ctx: RuleContext): string | undefined {
  const values = asList(cidrs);
  if (values.length === 0) return '0.0.0.0/0 (no public_access_cidrs: the AWS default)';
  const r = netRule({ protocol: '-1', cidr_blocks: values }, 'ingress', origin, sourceResolver(ctx));
  if (isInternet(r.addresses)) return `${values.map(String).join(', ')} (${describeShare(r.addresses)})`;
  if (r.unknown.length > 0) throw new Error(r.unknown.join('; '));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Security groups: a group's rules are its inline rules and every standalone rule attached to it.

const GROUP_TYPES = ['aws_security_group', 'aws_default_security_group'];
export const STANDALONE_TYPES = ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];

const TRAVERSAL = /^\$\{\s*([A-Za-z_][\w-]*(?:\s*(?:\.\s*[A-Za-z_][\w-]*|\[\s*(?:"[\w-]*"|\d+)\s*\]))*)\s*\}$/;

/**
 * One spelling of a reference, so that every way of naming the same thing is one key: spaces
 * inside `${ ... }` and around `.` dropped, `["x"]` read as `.x`, and a `${local.x}` whose value in
 * the file is itself one reference replaced by that reference (to a depth of 4). Anything that is
 * not a plain reference is returned as it is.
 */
export function canonicalRef(v: unknown, locals: Record<string, unknown> = {}, depth = 0): unknown {
  if (typeof v !== 'string') return v;
  // Fast path: already one spelling (no spaces, no ["x"], not a local), or not a reference at all.
  if (!v.startsWith('${') ? !/^\s*\$\{/.test(v) : /^\$\{(?!local\.)[\w.-]+\}$/.test(v)) return v;
  const m = TRAVERSAL.exec(v.trim());
  if (m === null) return v;
  const path = m[1].replace(/\s+/g, '').replace(/\["([\w-]*)"\]/g, '.$1');
  const local = depth < 4 && path.startsWith('local.') ? readLocal(locals, path) : undefined;
  if (local !== undefined && typeof local.value === 'string' && TRAVERSAL.test(local.value.trim())) return canonicalRef(local.value, locals, depth + 1);
  return `\${${path}}`;
}

/** The group a `security_group_id` names: `aws_security_group.X` for a reference to one in the file (in any spelling, see {@link canonicalRef}), else the text itself (a literal id or an expression). */
export function groupKey(v: unknown, locals: Record<string, unknown> = {}): string | undefined {
  const c = canonicalRef(v, locals);
  for (const t of GROUP_TYPES) {
    const n = refName(c, t);
    if (n !== undefined) return `${t}.${n}`;
  }
  return typeof c === 'string' && c !== '' ? c : undefined;
}

/** Reads `${aws_vpc.X.cidr_block}`, `${aws_subnet.X.cidr_block}` (and IPv6), `${local.x}` and managed prefix lists of the same file. */
export function sourceResolver(ctx: RuleContext): SourceResolver {
  const st = stateOf(ctx);
  if (st.resolver !== undefined) return st.resolver;
  // Each text resolved once per document (thousands of rules name the same cluster groups); callers only read the list.
  const answers = new Map<string, string[] | undefined>();
  const resolve = resolveSource(ctx);
  return (st.resolver = (text: string) => {
    if (answers.has(text)) return answers.get(text);
    const v = resolve(text);
    answers.set(text, v);
    return v;
  });
}

function resolveSource(ctx: RuleContext): SourceResolver {
  return (text: string) => {
    const ref = String(canonicalRef(text, ctx.doc.locals));
    const byName = (type: string, name: string) => ctx.blocksBy(type, 'name', (b) => b.name, name)[0];
    const attr = /^\$\{(aws_vpc|aws_default_vpc|aws_subnet|aws_default_subnet)\.([\w-]+)\.(cidr_block|ipv6_cidr_block)\}$/.exec(ref);
    if (attr !== null) {
      const v = byName(attr[1], attr[2])?.body[attr[3]];
      return typeof v === 'string' && v !== '' ? [v] : undefined;
    }
    const local = /^\$\{(local\.[^{}]*)\}$/.exec(ref);
    if (local !== null) {
      const v = readLocal(ctx.doc.locals, local[1])?.value;
      const items = asList(v);
      return items.length > 0 && items.every((x) => typeof x === 'string') ? (items as string[]) : undefined;
    }
    const pl = /^\$\{aws_ec2_managed_prefix_list\.([\w-]+)\.id\}$/.exec(ref);
    if (pl === null) {
      // Any other expression of literals and locals (`concat(local.a, ["0.0.0.0/1"])`, `toset([...])`): evaluated; a reference inside stays its `${...}` text, read in turn.
      const evaluated = evaluateSources(ref, ctx.doc.locals);
      if (evaluated !== undefined) return evaluated;
    }
    if (pl !== null) {
      const list = byName('aws_ec2_managed_prefix_list', pl[1]);
      if (list === undefined) return undefined;
      // Its inline entries and every aws_ec2_managed_prefix_list_entry that names it.
      const standalone = ctx.blocksBy('aws_ec2_managed_prefix_list_entry', 'prefix_list_id', (e) => refName(canonicalRef(e.body.prefix_list_id, ctx.doc.locals), 'aws_ec2_managed_prefix_list'), pl[1]);
      const cidrs = [...asList(list.body.entry), ...standalone.map((e) => e.body)].map((e: any) => e?.cidr);
      return cidrs.every((c) => typeof c === 'string') ? (cidrs as string[]) : undefined;
    }
    return undefined;
  };
}

/** A JSON-syntax value as the HCL evaluator holds it: a string that is a reference or template is opaque. */
function toHcl(v: unknown): HclValue | undefined {
  if (typeof v === 'string') return v.includes('${') ? new Opaque(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  if (Array.isArray(v)) {
    const out = v.map(toHcl);
    return out.some((x) => x === undefined) ? undefined : (out as HclValue[]);
  }
  if (typeof v === 'object') {
    const out: Record<string, HclValue> = {};
    for (const [k, x] of Object.entries(v as object)) {
      const h = toHcl(x);
      if (h === undefined) return undefined;
      out[k] = h;
    }
    return out;
  }
  return undefined;
}

/** The CIDR texts a `${expr}` of literals and locals evaluates to (references inside kept as `${...}`); undefined when it is not evaluated or is not strings. */
function evaluateSources(ref: string, locals: Record<string, unknown>): string[] | undefined {
  const expr = soleInterpolation(ref);
  if (expr === undefined) return undefined;
  const evaluate = (text: string) => evaluateHcl(text, (parts) => (parts[0] === 'local' && parts.length >= 2 ? toHcl(readLocal(locals, `local.${parts.slice(1).map((x) => `[${JSON.stringify(x)}]`).join('').replace(/^\["([^"]*)"\]/, '$1')}`)?.value) : undefined));
  let v: HclValue;
  try {
    // `element(list, n)` and `[...][n]` (what a counted rule's `count.index` becomes) pick from the evaluated list.
    const pick = /^\s*element\s*\(([\s\S]*),\s*(\d+)\s*\)\s*$/.exec(expr) ?? /^\s*(\[[\s\S]*\])\s*\[\s*(\d+)\s*\]\s*$/.exec(expr);
    if (pick !== null) {
      const list = evaluate(pick[1]);
      if (!Array.isArray(list) || list.length === 0) return undefined;
      v = list[Number(pick[2]) % list.length];
    } else v = evaluate(expr);
  } catch {
    return undefined;
  }
  const items = Array.isArray(v) ? v : [v];
  const out = items.map((x) => (x instanceof Opaque ? x.text : x));
  // A sole reference evaluates to itself: not progress, so not read again.
  if (out.length === 1 && out[0] === ref) return undefined;
  return out.every((x): x is string => typeof x === 'string') ? out : undefined;
}

/** What the network model computed for one document's context: keyed by objects and plain keys, never by concatenated strings (this runs per block and rule). */
interface State {
  resolver?: SourceResolver;
  /** {@link knownReach} per direction and question. */
  readonly known: Map<string, AddressSet>;
  readonly rules: Record<'ingress' | 'egress', Map<TfBlock, NetRule[]>>;
  readonly groups: Record<'ingress' | 'egress', Map<string, { readonly group?: TfBlock; readonly members: TfBlock[]; readonly rules: NetRule[]; readonly answers: Map<string, { answer: Answer; alone: TfBlock[] }> }>>;
}
const STATES = new WeakMap<RuleContext, State>();
function stateOf(ctx: RuleContext): State {
  let s = STATES.get(ctx);
  if (s === undefined) STATES.set(ctx, (s = { rules: { ingress: new Map(), egress: new Map() }, groups: { ingress: new Map(), egress: new Map() }, known: new Map() }));
  return s;
}

/** Whether a block holds rules of a direction: a group (inline), the direction's rule type, or an `aws_security_group_rule` of that `type` (or of a `type` that is not a literal). */
function holds(b: TfBlock, direction: 'ingress' | 'egress'): boolean {
  if (GROUP_TYPES.includes(b.type)) return true;
  if (b.type === `aws_vpc_security_group_${direction}_rule`) return true;
  return b.type === 'aws_security_group_rule' && (b.body.type === direction || (b.body.type !== 'ingress' && b.body.type !== 'egress'));
}

/** The block's own rules of a direction, normalised (inline rules of a group; the rule itself for a standalone rule). */
export function blockRules(b: TfBlock, direction: 'ingress' | 'egress', ctx: RuleContext): NetRule[] {
  const cache = stateOf(ctx).rules[direction];
  let rules = cache.get(b);
  if (rules === undefined) {
    const resolve = sourceResolver(ctx);
    // A standalone rule with a literal for_each is one rule per instance (all on the group its security_group_id names).
    rules = !holds(b, direction) ? [] : GROUP_TYPES.includes(b.type) ? asList(b.body[direction]).map((r) => netRule(r, direction, b.address, resolve)) : (forEachInstances(b.body, ctx.doc.locals) ?? [b.body]).map((body) => netRule(body, direction, b.address, resolve));
    cache.set(b, rules);
  }
  return rules;
}

/** Standalone rules of a direction attached to a group (by {@link groupKey}). */
export function attachedRules(ctx: RuleContext, key: string, direction: 'ingress' | 'egress'): TfBlock[] {
  return STANDALONE_TYPES.flatMap((t) => ctx.blocksBy(t, 'security_group_id', (b) => groupKey(b.body.security_group_id, ctx.doc.locals), key)).filter((b) => holds(b, direction));
}

/** Every rule of a group of a direction: its inline rules (when the group is in the file) and the standalone rules attached to it. */
export function groupRules(ctx: RuleContext, key: string, direction: 'ingress' | 'egress'): { readonly group?: TfBlock; readonly members: TfBlock[]; readonly rules: NetRule[]; readonly answers: Map<string, { answer: Answer; alone: TfBlock[] }> } {
  const cache = stateOf(ctx).groups[direction];
  let g = cache.get(key);
  if (g === undefined) {
    const [type, name] = key.split('.');
    const group = GROUP_TYPES.includes(type) && name !== undefined ? ctx.blocksBy(type, 'name', (b) => b.name, name)[0] : undefined;
    const members = attachedRules(ctx, key, direction);
    const rules = [...(group === undefined ? [] : blockRules(group, direction, ctx)), ...members.flatMap((m) => blockRules(m, direction, ctx))];
    cache.set(key, (g = { group, members, rules, answers: new Map() }));
  }
  return g;
}

/**
 * The question asked of a security group or rule block: set when the internet is admitted (the
 * block's own rules, or its group's rules together); throws (reported "could not be analysed")
 * when the answer depends on a source, protocol or port that is not known; undefined otherwise.
 * A combination across blocks is reported once: on the `aws_security_group` when it is in the
 * file, otherwise on each standalone rule that contributes public addresses.
 */
export function exposure(b: TfBlock, ctx: RuleContext, direction: 'ingress' | 'egress', q: Question): string | undefined {
  if ('ports' in q && q.ports.length > 1) {
    // One question per port, so that a combination on one port is not hidden by a single rule open on another.
    const unknown: string[] = [];
    for (const port of q.ports) {
      try {
        const why = exposure(b, ctx, direction, { ports: [port] });
        if (why !== undefined) return why;
      } catch (e) {
        unknown.push((e as Error).message);
      }
    }
    if (unknown.length > 0) throw new Error([...new Set(unknown)].join('; '));
    return undefined;
  }
  const qKey = 'ports' in q ? String(q.ports[0]) : 'any' in q ? 'any' : 'all ports';
  const own = blockRules(b, direction, ctx);
  const mine = ask(own, q);
  if (mine.internet !== undefined) return mine.internet;
  const key = GROUP_TYPES.includes(b.type) ? `${b.type}.${b.name}` : holds(b, direction) ? groupKey(b.body.security_group_id, ctx.doc.locals) : undefined;
  if (key !== undefined) {
    const g = groupRules(ctx, key, direction);
    let together = g.answers.get(qKey);
    if (together === undefined) {
      const answer = ask(g.rules, q);
      const alone = answer.internet === undefined ? [] : g.members.filter((m) => ask(blockRules(m, direction, ctx), q).internet !== undefined);
      g.answers.set(qKey, (together = { answer, alone }));
    }
    if (together.answer.internet !== undefined && together.alone.length === 0) {
      const others = [g.group, ...g.members].filter((x): x is TfBlock => x !== undefined && x.address !== b.address).map((x) => x.address);
      const reportedOnGroup = g.group !== undefined && g.group.type === 'aws_security_group';
      if (b === g.group || b.address === g.group?.address) return `${together.answer.internet} with ${others.join(', ')}`;
      if (!reportedOnGroup && own.some((r) => hasPublic(r.addresses))) return `${together.answer.internet} with ${others.join(', ')}`;
    }
  }
  // A standalone rule whose group is an expression (`${var.sg}`, `${data.aws_security_group.x.id}`)
  // may be any group of the file: when its sources with theirs would be the internet, say so.
  if (key !== undefined && !('allPorts' in q) && key.includes('${') && !GROUP_TYPES.some((t) => key.startsWith(`${t}.`))) {
    const reach = (r: NetRule) => ('ports' in q ? reachesPort(r, q.ports[0]) === true : true);
    const mineSet = union(own.filter(reach).map((r) => r.addresses));
    if (hasPublic(mineSet) && isInternet(union([mineSet, knownReach(ctx, direction, q, qKey)]))) {
      throw new Error(`${b.address}: security_group_id ${String(b.body.security_group_id)} is not known without a plan, and with the rules of this file's groups its sources reach ${'ports' in q ? `port ${q.ports[0]}` : 'any traffic'} from the internet`);
    }
  }
  if (mine.unknown.length > 0) throw new Error(mine.unknown.join('; '));
  return undefined;
}

/**
 * The addresses that reach a question's port (or anything) through the rules of every block whose
 * group is known (a group of the file, or a literal id), leaving out blocks that alone admit the
 * internet (they are reported themselves). Computed once per document, direction and question.
 */
function knownReach(ctx: RuleContext, direction: 'ingress' | 'egress', q: Question, qKey: string): AddressSet {
  const st = stateOf(ctx);
  const cacheKey = `${direction} ${qKey}`;
  let set = st.known.get(cacheKey);
  if (set === undefined) {
    const sets: AddressSet[] = [];
    for (const t of [...GROUP_TYPES, ...STANDALONE_TYPES]) {
      for (const blk of ctx.blocksBy(t, 'every block', () => true, true)) {
        if (STANDALONE_TYPES.includes(t)) {
          const k = groupKey(blk.body.security_group_id, ctx.doc.locals);
          if (k === undefined || (k.includes('${') && !GROUP_TYPES.some((g) => k.startsWith(`${g}.`)))) continue;
        }
        let rules: NetRule[];
        try {
          rules = blockRules(blk, direction, ctx);
        } catch {
          continue;
        }
        const reaching = rules.filter((r) => ('ports' in q ? reachesPort(r, q.ports[0]) === true : true));
        const own = union(reaching.map((r) => r.addresses));
        if (!isInternet(own)) sets.push(own);
      }
    }
    st.known.set(cacheKey, (set = union(sets)));
  }
  return set;
}
