/**
 * Builds the cdktf App from a validated config: per cluster a cluster-side stack and a workloads
 * stack. Everything is sorted by name, so the order of lists in the config never shows in the output.
 */
import { App } from 'cdktf';
import { ConfigError, Problem } from '../config/problems';
import type { PlatformConfig } from '../config/schema';
import { planClusterIdentities, WorkloadIdentityPlan } from '../policy/workload';
import { ClusterStack } from '../../stacks/cluster-stack';
import { PlatformStack } from '../../stacks/platform-stack';
import { WorkloadsStack } from '../../stacks/workloads-stack';
import { AccountStack } from '../../stacks/account-stack';
import { crossAccountAccess } from '../policy/cross-account';
import { awsContext } from '../policy/workload';
import { shardOf, workloadsStackName } from '../naming';
import { sharedAddresses } from './addresses';
import { makeInertNow } from '../terraform/inert-strings';
import { configPaths } from './guardrails';

export interface ClusterPlan {
  readonly clusterIndex: number;
  readonly identities: WorkloadIdentityPlan[];
}

/** Every plan of the platform, or every problem found while planning. */
export function planPlatform(config: PlatformConfig): { plans: ClusterPlan[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const plans = config.clusters.map((cluster, i) => {
    const r = planClusterIdentities(config, cluster, `clusters[${i}]`);
    problems.push(...r.problems);
    return { clusterIndex: i, identities: r.plans };
  });
  return { plans, problems };
}

/** Every cluster's plans; every problem of every cluster at once as a ConfigError. */
export function plannedOrThrow(config: PlatformConfig): ClusterPlan[] {
  const { plans, problems } = planPlatform(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return plans;
}

export interface BuildOptions {
  /** Where cdktf writes (may be a temporary directory). */
  readonly outdir: string;
  /** The directory the output finally lives in; state paths are relative to it. @default outdir */
  readonly finalOutdir?: string;
  /** Build only these clusters (by name). @default - all */
  readonly clusters?: readonly string[];
  /**
   * The platform's plans, made once by planPlatform() (without problems) when the caller builds one
   * app per cluster: planning every cluster again for each would grow with clusters². @default - planned here
   */
  readonly plans?: readonly ClusterPlan[];
}

export function buildApp(config: PlatformConfig, options: BuildOptions): App {
  const plans = options.plans ?? plannedOrThrow(config);
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const order = [...plans]
    .filter((p) => options.clusters === undefined || options.clusters.includes(config.clusters[p.clusterIndex].name))
    .sort((a, b) => (config.clusters[a.clusterIndex].name < config.clusters[b.clusterIndex].name ? -1 : 1));
  for (const plan of order) {
    const cluster = config.clusters[plan.clusterIndex];
    const outdir = options.finalOutdir ?? options.outdir;
    const clusterStack = new ClusterStack(app, cluster.name, { platform: config, cluster, outdir });
    const oidcProvider = clusterStack.oidcProvider !== undefined && clusterStack.issuerUrl !== undefined ? { arn: clusterStack.oidcProvider.arn, issuerUrl: clusterStack.issuerUrl } : undefined;
    const platform = new PlatformStack(app, `${cluster.name}-platform`, { platform: config, cluster, outdir });
    platform.addDependency(clusterStack);
    const { shards } = cluster.sharding;
    const shardStacks: WorkloadsStack[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const plans = plan.identities.filter((p) => shardOf(p.namespace, p.name, shards) === shard);
      const workloads = new WorkloadsStack(app, workloadsStackName(cluster.name, shard, shards), { platform: config, cluster, plans, outdir, oidcProvider, nodeSecurityGroupId: clusterStack.nodeSecurityGroupId, endpointSecurityGroupId: clusterStack.endpointSecurityGroupId, s3PrefixListId: clusterStack.s3PrefixListId });
      workloads.addDependency(clusterStack);
      workloads.addDependency(platform);
      shardStacks.push(workloads);
    }
    // Another account's side of the access, once the roles it names exist.
    for (const access of crossAccountAccess(config, cluster, plan.identities, awsContext(config))) {
      const stack = new AccountStack(app, `${cluster.name}-account-${access.account}`, { platform: config, cluster, access, outdir });
      for (const w of shardStacks) stack.addDependency(w);
    }
  }
  const clashes = sharedAddresses(app, configPaths(config));
  if (clashes.length > 0) throw new ConfigError(clashes);
  makeInertNow(app);
  return app;
}
