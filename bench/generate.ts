/** Generated platforms for the bench and the cost tests: the example's three workload kinds, repeated. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

export const EXAMPLE_FILE = path.join(__dirname, '..', 'examples', 'platform.yaml');

export function exampleInput(): any {
  return parse(readFileSync(EXAMPLE_FILE, 'utf8'));
}

/** One cluster with `n` workloads spread over 20 namespaces, cycling through the example's workload kinds (or those `keep` selects). */
export function generatedInput(n: number, keep: (w: any) => boolean = () => true): any {
  const base = exampleInput();
  const kinds = base.clusters[0].workloads.filter(keep);
  base.clusters[0].workloads = Array.from({ length: n }, (_, i) => {
    const name = `svc-${String(i).padStart(4, '0')}`;
    // App-to-app flows name the example's workloads, which are renamed here.
    const { network: _flows, ...kind } = kinds[i % kinds.length];
    return { ...kind, name, namespace: `team-${i % 20}`, serviceAccount: name };
  });
  // Past one stack's default limit (500), shard as a user would: about 400 workloads a stack.
  if (n > 500) base.clusters[0].sharding = { shards: Math.ceil(n / 400), maxWorkloadsPerStack: 500 };
  return base;
}

/** The example's issuer when its cluster is referenced as existing instead of created. */
export const EXISTING_ISSUER_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** The example with its cluster made elsewhere: only identities, the OIDC provider and access entries. */
export function existingClusterInput(): any {
  const base = exampleInput();
  const c = base.clusters[0];
  for (const field of ['network', 'nodeGroups', 'secretsEncryption', 'endpointAccess', 'logging', 'addons']) delete c[field];
  // kubernetesVersion stays: on an existing cluster it pins the Pod Security labels' version.
  c.existing = { oidcIssuerUrl: EXISTING_ISSUER_URL, podIdentityAgent: 'installed', vpcCidr: '10.0.0.0/16', vpcId: 'vpc-0123456789abcdef0', nodeSecurityGroupId: 'sg-0123456789abcdef0' };
  return base;
}

/** A fleet: `clusters` copies of the example cluster, each with `perCluster` generated workloads, sharded. */
export function fleetInput(clusters: number, perCluster: number, shards: number): any {
  const base = generatedInput(perCluster);
  const template = base.clusters[0];
  base.clusters = Array.from({ length: clusters }, (_, i) => ({ ...JSON.parse(JSON.stringify(template)), name: `cluster-${String(i).padStart(2, '0')}`, sharding: { shards, maxWorkloadsPerStack: 500 } }));
  return base;
}
