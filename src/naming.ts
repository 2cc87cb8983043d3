/**
 * Terraform address names. Addresses are a contract: keyed by names from the config, never by
 * position, identical on every synth. Pure.
 */
import { createHash } from 'crypto';

/** Join name parts into a Terraform identifier: `payments`, `app-sqs-consumer` → `payments_app-sqs-consumer`. */
export function tfName(...parts: string[]): string {
  const name = parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, '-')).join('_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** Shorten a name to `max` characters deterministically: a prefix plus 8 hex of its SHA-256. */
export function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/[-_.]+$/, '')}-${hash}`;
}

/** The shard of a workload: a hash of `<namespace>/<name>`, independent of every other workload. */
export function shardOf(namespace: string, name: string, shards: number): number {
  if (shards <= 1) return 0;
  return createHash('sha256').update(`${namespace}/${name}`).digest().readUInt32BE(0) % shards;
}

/** `<cluster>-workloads`, or `<cluster>-workloads-<shard>` (zero-padded) when sharded. */
export function workloadsStackName(cluster: string, shard: number, shards: number): string {
  return shards <= 1 ? `${cluster}-workloads` : `${cluster}-workloads-${String(shard).padStart(String(shards - 1).length, '0')}`;
}

/**
 * The construct id of something the config names (a node group, a namespace, a workload):
 * `<kind>:<name>[+<name>...]`. Such names share a construct scope with the code's own ids
 * (`access`, `nodes`), with one another across kinds (a cluster and a node group both named
 * `oidc`) and, through the constructs library's plain-object child map, with Object.prototype's
 * members (`constructor`). The code's own ids never contain `:`, and each name is percent-encoded
 * (`team:a` → `team%3Aa`), so ids are distinct exactly when the names are. The Terraform address
 * is `tfName` of the names (`addressOf`); where two names share one, the address check
 * (src/app/addresses.ts) says so instead of the constructs library throwing.
 */
export function nameId(kind: string, ...parts: string[]): string {
  return `${kind}:${parts.map(encodeName).join('+')}`;
}

const encodeName = (name: string) => encodeURIComponent(name).replace(/[!'()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The Terraform address key a construct id stands for: `tfName` of a `nameId`'s names (a suffix after them kept), or the id itself. */
export function addressOf(id: string): string {
  const at = id.lastIndexOf(':');
  if (at < 0) return id;
  return tfName(...id.slice(at + 1).split('+').map((p) => decodeURIComponent(p)));
}

/** `arn:aws:iam::1:role/team/DeveloperRole` → `role_team-DeveloperRole`: the principal, never a list position. */
export function accessEntryKey(principalArn: string): string {
  const resource = principalArn.split(':').slice(5).join(':');
  return tfName(resource.replace(/\//, '_').replace(/\//g, '-'));
}

/** The roles a cluster stack makes for itself. */
export type ClusterRole = 'cluster' | 'nodes' | 'vpc-cni' | 'break-glass';

/** IAM name of one of a cluster's own roles: `<cluster>-<role>`, shortened past IAM's 64 characters. */
export function clusterRoleName(cluster: string, role: ClusterRole): string {
  return shorten(`${cluster}-${role}`, 64);
}

/** Name of a node group's launch template: `<cluster>-<node group>`, shortened past EC2's 128. */
export function launchTemplateName(cluster: string, nodeGroup: string): string {
  return shorten(`${cluster}-${nodeGroup}`, 125);
}
