/** eksguard as a library: config, the pure policy layer, constructs, stacks and synthesis. */
export * from './config';
export * from './policy';
export * from './aws/arn';
export { tfName } from './naming';
export { OidcProvider, IOidcProvider, OidcProviderProps } from './identity/oidc-provider';
export { IrsaRole, IrsaRoleProps, IWorkloadIdentity } from './identity/irsa-role';
export { WorkloadServiceAccount, WorkloadServiceAccountProps } from './kubernetes/service-account';
export { buildApp, planPlatform } from './app/build';
export { synthesize, SynthResult } from './app/synth';
export { ClusterStack } from '../stacks/cluster-stack';
export { WorkloadsStack } from '../stacks/workloads-stack';
