/** The plan layer: config → one pure ClusterPlan per cluster, which the stacks render. */
export * from './types';
export { planPlatform, RELAXATION_RULES, type PlatformPlanResult } from './plan';
export { bindTrust } from './trust';
