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
