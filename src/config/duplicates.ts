/**
 * Lists whose entries name one thing each (subnets, principals, flows, rules): an entry written
 * twice is a mistake in the config, and some would give two resources one Terraform address.
 * Each repeat is a problem naming both places. Pure.
 */
import type { Problem } from './problems';
import type { PlatformConfig } from './schema';

function repeats<T>(problems: Problem[], path: string, items: readonly T[] | undefined, keyOf: (item: T) => string = (x) => JSON.stringify(x)): void {
  const seen = new Map<string, number>();
  (items ?? []).forEach((item, i) => {
    const key = keyOf(item);
    const prior = seen.get(key);
    if (prior !== undefined) problems.push({ path: `${path}[${i}]`, message: `repeats ${path}[${prior}]`, value: item, fix: 'Remove the repeated entry' });
    else seen.set(key, i);
  });
}

export function duplicateProblems(config: PlatformConfig): Problem[] {
  const problems: Problem[] = [];
  config.clusters.forEach((c, ci) => {
    const cpath = `clusters[${ci}]`;
    repeats(problems, `${cpath}.network.privateSubnetIds`, c.network?.privateSubnetIds);
    repeats(problems, `${cpath}.network.privateRouteTableIds`, c.network?.privateRouteTableIds);
    repeats(problems, `${cpath}.endpointAccess.publicAccessCidrs`, c.endpointAccess.publicAccessCidrs);
    repeats(problems, `${cpath}.secretsEncryption.keyAdministratorArns`, c.secretsEncryption?.keyAdministratorArns);
    repeats(problems, `${cpath}.access.breakGlassRole.trustedPrincipalArns`, c.access.breakGlassRole?.trustedPrincipalArns);
    c.access.entries.forEach((e, ei) => {
      repeats(problems, `${cpath}.access.entries[${ei}].namespaces`, e.namespaces);
      repeats(problems, `${cpath}.access.entries[${ei}].kubernetesGroups`, e.kubernetesGroups);
    });
    c.nodeGroups.forEach((g, gi) => {
      repeats(problems, `${cpath}.nodeGroups[${gi}].instanceTypes`, g.instanceTypes);
      repeats(problems, `${cpath}.nodeGroups[${gi}].subnetIds`, g.subnetIds);
      repeats(problems, `${cpath}.nodeGroups[${gi}].taints`, g.taints, (t) => `${t.key}\u0000${t.effect}`);
    });
    for (const [group, g] of Object.entries(c.rbac.groups)) repeats(problems, `${cpath}.rbac.groups.${group}.namespaces`, g.namespaces);
    c.workloads.forEach((w, wi) => {
      const wpath = `${cpath}.workloads[${wi}]`;
      repeats(problems, `${wpath}.network.ingress`, w.network.ingress, (i) => `${i.fromApp}/${i.port}/${i.protocol}`);
      repeats(problems, `${wpath}.securityGroup.probePorts`, w.securityGroup?.probePorts);
      repeats(problems, `${wpath}.securityGroup.egress`, w.securityGroup?.egress, (r) => `${r.toSecurityGroupId}/${r.port}/${r.protocol}`);
    });
  });
  return problems;
}
