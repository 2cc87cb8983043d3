/**
 * Names AWS keeps unique per account (IAM roles and policies, case-insensitively) or per region
 * (launch templates): two resources of a config that get one name have distinct Terraform
 * addresses, so nothing in the output shows the clash until the second apply fails or, worse,
 * takes over the other's resource. Every name eksguard gives comes from one derivation
 * (src/naming.ts, src/policy), read here. Pure.
 */
import { boundaryPolicyName } from '../policy/cluster';
import { defaultRoleName } from '../policy/workload';
import { clusterRoleName, launchTemplateName } from '../naming';
import type { Problem } from './problems';
import type { PlatformConfig } from './schema';

export function awsNameProblems(config: PlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const taken = new Map<string, Map<string, string>>();
  const claim = (kind: string, name: string, path: string, what: string) => {
    const names = taken.get(kind) ?? new Map<string, string>();
    taken.set(kind, names);
    const key = kind === 'launch template' ? name : name.toLowerCase();
    const prior = names.get(key);
    if (prior === undefined) names.set(key, `${path} (${what})`);
    else problems.push({ path, message: `gives the ${kind} name ${name}, which ${prior} already has${kind === 'launch template' ? '' : ' (IAM names are unique per account, ignoring case)'}`, value: name, fix: `Choose names that differ once joined with "-"${kind === 'launch template' ? '' : ' and lower-cased'} (a roleName, or another workload, node group or cluster name)` });
  };
  const clusterNames = new Map<string, number>();
  config.clusters.forEach((c, ci) => {
    const cpath = `clusters[${ci}]`;
    const lower = c.name.toLowerCase();
    const prior = clusterNames.get(lower);
    if (prior !== undefined && config.clusters[prior].name !== c.name) {
      problems.push({ path: `${cpath}.name`, message: `differs from clusters[${prior}].name only in case: their IAM names clash, and so do their stack directories and state files on a case-insensitive disk`, value: c.name, fix: 'Give every cluster a name of its own' });
    } else clusterNames.set(lower, ci);
    if (c.existing === undefined) {
      claim('IAM role', clusterRoleName(c.name, 'cluster'), `${cpath}.name`, 'the cluster role');
      claim('IAM role', clusterRoleName(c.name, 'nodes'), `${cpath}.name`, 'the node role');
      claim('IAM role', clusterRoleName(c.name, 'vpc-cni'), `${cpath}.name`, 'the VPC CNI role');
      c.nodeGroups.forEach((g, gi) => claim('launch template', launchTemplateName(c.name, g.name), `${cpath}.nodeGroups[${gi}].name`, 'a launch template'));
    }
    if (c.access.breakGlassRole !== undefined) claim('IAM role', clusterRoleName(c.name, 'break-glass'), `${cpath}.access.breakGlassRole`, 'the break-glass role');
    if (config.iam.permissionsBoundary === undefined) claim('IAM policy', boundaryPolicyName(c.name), `${cpath}.name`, 'the permissions boundary');
    c.workloads.forEach((w, wi) => {
      const wpath = `${cpath}.workloads[${wi}]`;
      claim('IAM role', w.roleName ?? defaultRoleName(c.name, w), w.roleName !== undefined ? `${wpath}.roleName` : `${wpath}.name`, `the role of ${w.namespace}/${w.name}`);
    });
  });
  return problems;
}
