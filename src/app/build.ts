/**
 * Builds the cdktf App from a validated config: plan every cluster once (src/plan), then per
 * cluster render its plan into a cluster stack, a platform stack, its workloads stacks and the
 * stacks of other accounts. Everything is sorted by name, so the order of lists in the config
 * never shows in the output.
 */
import { App } from 'cdktf';
import { ConfigError } from '../config/problems';
import type { PlatformConfig } from '../config/schema';
import { planPlatform, type ClusterPlan } from '../plan';
import { ClusterStack } from '../../stacks/cluster-stack';
import { PlatformStack } from '../../stacks/platform-stack';
import { WorkloadsStack } from '../../stacks/workloads-stack';
import { AccountStack } from '../../stacks/account-stack';
import { sharedAddresses } from './addresses';
import { makeInertAtSynth, makeInertNow, withInertByCaller } from '../terraform/inert-strings';
import { type AppStamps, collectStamps } from '../terraform/stamps';

export { planPlatform };
export type { ClusterPlan };

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
  /** Collect what the constructs stamped into this (collectStamps), so the caller walks the tree once. @default - a fresh one */
  readonly stamps?: AppStamps;
  /**
   * Apply the escaping boundary without the InertStrings aspect on every stack (withInertByCaller):
   * the app is made inert once built, and each stack again right before cdktf synthesizes it
   * (makeInertAtSynth, set up here, so the elements of cdktf's prepare pass are covered too). The
   * same output; cdktf's aspect walk then has nothing to invoke. @default false
   */
  readonly inertAtSynth?: boolean;
}

/** Render one cluster's plan into `app`: its cluster, platform, workloads and account stacks. */
export function renderCluster(app: App, plan: ClusterPlan, outdir: string): void {
  const clusterStack = new ClusterStack(app, plan.stacks.cluster, { plan, outdir });
  const platform = new PlatformStack(app, plan.stacks.platform, { plan, outdir });
  platform.addDependency(clusterStack);
  const shardStacks = plan.shards.map((shard) => {
    const workloads = new WorkloadsStack(app, shard.name, { plan, shard, outdir, clusterReferences: clusterStack.workloadReferences });
    workloads.addDependency(clusterStack);
    workloads.addDependency(platform);
    return workloads;
  });
  // Another account's side of the access, once the roles it names exist.
  for (const account of plan.accounts) {
    const stack = new AccountStack(app, account.stack, { plan, account, outdir });
    for (const w of shardStacks) stack.addDependency(w);
  }
}

export function buildApp(config: PlatformConfig, options: BuildOptions): App {
  const plans = options.plans ?? plannedOrThrow(config);
  const app = new App({ outdir: options.outdir, stackTraces: false });
  const order = [...plans]
    .filter((p) => options.clusters === undefined || options.clusters.includes(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const render = () => {
    for (const plan of order) renderCluster(app, plan, options.finalOutdir ?? options.outdir);
  };
  if (options.inertAtSynth === true) withInertByCaller(render);
  else render();
  const { configPaths } = collectStamps(app, options.stamps);
  const clashes = sharedAddresses(app, (stack, address) => configPaths.get(`${stack}/${address}`));
  if (clashes.length > 0) throw new ConfigError(clashes);
  makeInertNow(app);
  if (options.inertAtSynth === true) makeInertAtSynth(app);
  return app;
}
