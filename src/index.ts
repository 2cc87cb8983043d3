/** eksguard as a library: config, the pure policy layer, constructs, stacks and synthesis. */
export * from './config';
export * from './policy';
export * from './aws/arn';
export { tfName } from './naming';
export { OidcProvider, IOidcProvider, OidcProviderProps } from './identity/oidc-provider';
export { IrsaRole, IrsaRoleProps, IWorkloadIdentity } from './identity/irsa-role';
export { WorkloadServiceAccount, WorkloadServiceAccountProps } from './kubernetes/service-account';
export { PodIdentityAssociation, PodIdentityAssociationProps } from './identity/pod-identity-association';
export { buildApp, plannedOrThrow, renderCluster } from './app/build';
// The plan the stacks render: one pure ClusterPlan per cluster, built once from a validated config.
export {
  planPlatform, bindTrust, RELAXATION_RULES, type PlatformPlanResult,
  type ClusterPlan, type CreatedClusterPlan, type ExistingClusterPlan, type WorkloadPlan, type WorkloadsShardPlan, type AccountPlan,
  type PlannedTrust, type Relaxation, type StackNames, type ProviderPlan, type BackendPlan, type BoundaryPlan, type NodeGroupPlan,
  type AccessEntryPlan, type BreakGlassRolePlan, type InClusterPlan, type PodSecurityGroupPlan, type AppPeerPlan, type NamespaceBaselinePlan,
} from './plan';
export { stampRelaxation, stampConfigPath, collectStamps, type AppStamps, type RelaxationStamp } from './terraform/stamps';
export { synthesize, SynthResult } from './app/synth';
export { GuardrailError, REPORT_FILE } from './app/guardrails';
export { ClusterStack, ClusterStackProps } from '../stacks/cluster-stack';
export { WorkloadsStack, WorkloadsStackProps, ClusterReferences } from '../stacks/workloads-stack';
export { PlatformStack, PlatformStackProps } from '../stacks/platform-stack';
export { AccountStack, AccountStackProps } from '../stacks/account-stack';
export { ServiceRole, ServiceRoleProps } from './identity/service-role';
export { WorkloadRole, WorkloadRoleProps } from './identity/workload-role';
export { ManagedPolicy, ManagedPolicyProps } from './identity/managed-policy';
export { EksCluster, EksClusterProps } from './cluster/eks-cluster';
export { NodeGroup, NodeGroupProps } from './cluster/node-group';
export { ClusterAddons, ClusterAddonsProps } from './cluster/addons';
export { AccessEntries, AccessEntriesProps, AccessEntrySpec, accessEntryKey } from './cluster/access-entries';
export { AuditQueries, AuditQueriesProps, AUDIT_QUERIES } from './cluster/audit-queries';
export { ClusterSecurityGroups, ClusterSecurityGroupsProps } from './network/security-groups';
export { VpcEndpoints, VpcEndpointsProps } from './network/vpc-endpoints';
export { Addresses, SharedAddress, sharedAddresses, elementAddress } from './terraform/addresses';
export { migrateAwsAuth, renderMigration } from './migrate/aws-auth';
export { EksGuardChecks, EksGuardChecksProps, EksGuardAcknowledgement } from './checks/eksguard-checks';
// The rule pack and its types, for running it on any Terraform JSON (the Aspect above does so at synth).
export { RULES, RULE_IDS, runRules, evaluateRules, acknowledge, documentOf, loadTerraform, type Rule, type RuleContext, type RuleOptions, type RuleRun, type RunOptions, type Finding, type Severity, type TfBlock, type TfDocument, type Acknowledgement } from './rules';
export { formatText, formatFinding } from './rules/format';
