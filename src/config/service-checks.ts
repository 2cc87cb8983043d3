/**
 * The account checks of every AWS service family a workload uses, from the families' descriptors
 * (src/policy/services): the resources an entry names in other accounts, whose side eksguard
 * writes (declared under `accounts`, in the account stack's region, one owner per resource policy)
 * or cannot write (a warning), and each family's own entry checks. Pure; problems name the field.
 */
import type { ServiceFamily } from '../policy/services';
import { entriesOf } from '../policy/services';
import type { Problem, Warning } from './problems';
import type { PlatformConfig, WorkloadConfig } from './schema';

const entryPath = (wpath: string, family: ServiceFamily, i: number, field: string) => `${wpath}.${family.field}[${i}]${field === '' ? '' : `.${field}`}`;

/**
 * Another account's side, across clusters: one region per account stack, and a resource policy
 * that eksguard manages written by one cluster only, under one spelling of the resource.
 */
export function accountStackProblems(families: readonly ServiceFamily[], config: PlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const managedBy = new Map<string, { ci: number; raw: string }>();
  config.clusters.forEach((cluster, ci) => {
    cluster.workloads.forEach((w, wi) => {
      const wpath = `clusters[${ci}].workloads[${wi}]`;
      for (const family of families) {
        entriesOf(family, w).forEach((entry, i) => {
          for (const ref of family.resources(entry, config)) {
            const account = config.accounts[ref.account];
            if (!ref.writesSide || ref.account === '' || account === undefined || ref.account === config.accountId) continue;
            const path = entryPath(wpath, family, i, ref.resourceField ?? ref.field);
            const region = account.region ?? config.region;
            if (ref.region !== undefined && ref.region !== '' && ref.region !== region) {
              problems.push({ path, message: `is in ${ref.region}, but the stack for account ${ref.account} works in ${region}`, value: ref.value, fix: `Set accounts.${ref.account}.region to ${ref.region}, or use a resource in ${region}` });
            }
            const policy = ref.policy;
            if (policy === undefined || !account.managePolicies) continue;
            const own = `${policy.kind} ${policy.key}`;
            const same = policy.sameAs === undefined ? undefined : [...managedBy.keys()].find((k) => k.startsWith(`${policy.kind} `) && k !== own && policy.sameAs!(k.slice(policy.kind.length + 1)));
            const key = same ?? own;
            const prior = managedBy.get(key);
            if (prior !== undefined && prior.ci !== ci) problems.push({ path, message: `has its ${policy.kind} policy written by clusters[${prior.ci}] too; each cluster's stack would replace the other's statements`, value: ref.value, fix: `Set accounts.${ref.account}.managePolicies: false (the statements become outputs to merge), or use it from one cluster` });
            else if (prior !== undefined && prior.raw !== policy.key) problems.push({ path, message: `names the ${policy.kind} ${prior.raw} by another ARN, so two policies would be written for one ${policy.kind} and the last applied would win`, value: ref.value, fix: `Write the ARN the same way everywhere (${prior.raw})` });
            else managedBy.set(key, { ci, raw: policy.key });
          }
        });
      }
    });
  });
  return problems;
}

/**
 * One workload's entries, family by family: a resource in another account whose side eksguard
 * writes needs that account under `accounts` (else calls fail with AccessDenied); one whose side it
 * cannot write is reported; then the family's own checks.
 */
export function workloadServiceChecks(families: readonly ServiceFamily[], config: PlatformConfig, w: WorkloadConfig, wpath: string): { problems: Problem[]; warnings: Warning[] } {
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  for (const family of families) {
    entriesOf(family, w).forEach((entry, i) => {
      for (const ref of family.resources(entry, config)) {
        if (ref.account === '' || ref.account === config.accountId) continue;
        const path = entryPath(wpath, family, i, ref.field);
        if (!ref.writesSide) warnings.push({ path, message: `is in account ${ref.account}: its resource policy must also allow this workload's role, or calls fail with AccessDenied` });
        else if (config.accounts[ref.account] === undefined) {
          problems.push({ path, message: `is in account ${ref.account}, whose side of the access (a KMS grant or resource policy) eksguard cannot write without a role there; calls would fail with AccessDenied`, fix: `Add accounts: { "${ref.account}": { roleArn: arn:aws:iam::${ref.account}:role/<deployer> } } (managePolicies: true to own the resource policies)` });
        }
      }
    });
    const own = family.checks?.(entriesOf(family, w), { path: `${wpath}.${family.field}`, workload: w, platform: config });
    problems.push(...(own?.problems ?? []));
    warnings.push(...(own?.warnings ?? []));
  }
  return { problems, warnings };
}
