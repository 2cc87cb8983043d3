/**
 * The rule pack at synth: run it on the freshly synthesized stacks, accept what the config
 * acknowledges (explicitly, or through a relaxation that carries a reason), fail on the rest, and
 * write the report beside the stacks.
 */
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import { accessEntryKey } from '../cluster/access-entries';
import type { PlatformConfig } from '../config/schema';
import { tfName, workloadsStackName } from '../naming';
import { acknowledge, Acknowledgement, evaluateRules, Finding, loadTerraform, RULES, RuleRun } from '../rules';

export const REPORT_FILE = 'eksguard-report.json';

/** Findings that stop a synth. */
export class GuardrailError extends Error {
  constructor(readonly findings: Finding[], readonly run: RuleRun) {
    super(`${findings.length} guardrail finding(s)`);
  }
}

/** What each relaxation with a reason accepts, so its findings are acknowledged, not errors. */
export function relaxationAcknowledgements(config: PlatformConfig): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  const ack = (rules: string[], target: string, reason: string, source: string) => rules.forEach((rule) => acks.push({ rule, target, reason, source }));
  config.clusters.forEach((c, ci) => {
    const cpath = `clusters[${ci}]`;
    // Workload stacks, sharded or not: `<cluster>-workloads` and `<cluster>-workloads-<n>`.
    const [cs, ws] = [c.name, `${c.name}-workloads*`];
    const clusterAddress = `${cs}/aws_eks_cluster.${tfName(c.name)}`;
    if (c.endpointAccess.public && c.endpointAccess.reason !== undefined) {
      ack(['CKV_AWS_39', 'AWS-0040', 'AWS-0041', 'CIS-5.4.2'], clusterAddress, c.endpointAccess.reason, `${cpath}.endpointAccess`);
    }
    if (c.logging.reducedTypes !== undefined) ack(['CKV_AWS_37'], clusterAddress, c.logging.reducedTypes.reason, `${cpath}.logging.reducedTypes`);
    c.nodeGroups.forEach((g, gi) => {
      if (g.imds.hopLimit === 2 && g.imds.reason !== undefined) ack(['CKV_AWS_341', 'BPG-IMDS-HOP1'], `${cs}/aws_launch_template.${tfName(g.name)}`, g.imds.reason, `${cpath}.nodeGroups[${gi}].imds`);
    });
    const egress = c.network?.nodeInternetEgress;
    if (egress !== undefined) {
      ack(['AWS-0104'], `${cs}/aws_vpc_security_group_egress_rule.nodes_to-internet-443`, egress.reason, `${cpath}.network.nodeInternetEgress`);
      ack(['AWS-0104'], `${ws}/aws_vpc_security_group_egress_rule.*_to-internet-443`, egress.reason, `${cpath}.network.nodeInternetEgress`);
    }
    c.access.entries.forEach((e, ei) => {
      if (e.breakGlass !== undefined) ack(['BPG-ACCESS-ADMIN-SCOPE'], `${cs}/aws_eks_access_policy_association.${accessEntryKey(e.principalArn)}`, e.breakGlass.reason, `${cpath}.access.entries[${ei}].breakGlass`);
    });
    if (c.access.breakGlassRole !== undefined) ack(['BPG-ACCESS-ADMIN-SCOPE'], `${cs}/aws_eks_access_policy_association.break-glass`, c.access.breakGlassRole.reason, `${cpath}.access.breakGlassRole`);
    c.workloads.forEach((w, wi) => {
      if (w.wildcardSubject !== undefined) ack(['BPG-IRSA-SUB-NS-WIDE'], `${ws}/aws_iam_role.${tfName(w.namespace, w.name)}`, w.wildcardSubject.reason, `${cpath}.workloads[${wi}].wildcardSubject`);
    });
    if (c.existing?.podIdentityAgent === 'installed') {
      ack(['PODID-AGENT'], `${ws}/aws_eks_pod_identity_association.*`, 'the cluster\'s eks-pod-identity-agent add-on is installed outside eksguard (existing.podIdentityAgent: installed)', `${cpath}.existing.podIdentityAgent`);
    }
  });
  return acks;
}

export function configAcknowledgements(config: PlatformConfig): Acknowledgement[] {
  return config.acknowledgements.map((a, i) => ({ ...a, source: `acknowledgements[${i}]` }));
}

/** The config field a synthesized address comes from. */
export function configPaths(config: PlatformConfig): (stack: string, address: string) => string | undefined {
  const map = new Map<string, string>();
  const byPrefix: Array<[string, string]> = [];
  config.clusters.forEach((c, ci) => {
    const cpath = `clusters[${ci}]`;
    map.set(`${c.name}/aws_eks_cluster.${tfName(c.name)}`, cpath);
    c.nodeGroups.forEach((g, gi) => {
      for (const type of ['aws_launch_template', 'aws_eks_node_group']) map.set(`${c.name}/${type}.${tfName(g.name)}`, `${cpath}.nodeGroups[${gi}]`);
    });
    c.access.entries.forEach((e, ei) => {
      for (const type of ['aws_eks_access_entry', 'aws_eks_access_policy_association']) map.set(`${c.name}/${type}.${accessEntryKey(e.principalArn)}`, `${cpath}.access.entries[${ei}]`);
    });
    c.network?.endpoints.forEach((s) => map.set(`${c.name}/aws_vpc_endpoint.${tfName(s)}`, `${cpath}.network.endpoints`));
    c.workloads.forEach((w, wi) => byPrefix.push([`${c.name}-workloads`, `${tfName(w.namespace, w.name)}|${cpath}.workloads[${wi}]`]));
    byPrefix.push([`${c.name}/`, `|${cpath}`], [`${c.name}-platform/`, `|${cpath}`], [`${c.name}-workloads`, `|${cpath}`]);
  });
  return (stack, address) => {
    const key = `${stack}/${address}`;
    const exact = map.get(key);
    if (exact !== undefined) return exact;
    const name = address.split('.').slice(-1)[0];
    for (const [stackPrefix, entry] of byPrefix) {
      const [prefix, cpath] = entry.split('|');
      if (key.startsWith(stackPrefix) && (prefix === '' || name === prefix || name.startsWith(`${prefix}_`))) return cpath;
    }
    return undefined;
  };
}

/**
 * Run the pack on a synthesized output directory. Throws GuardrailError on unacknowledged errors;
 * otherwise writes the report and returns the run.
 */
export function applyGuardrails(config: PlatformConfig, outdir: string, finalOutdir: string): RuleRun {
  const configPathOf = configPaths(config);
  const findings: Finding[] = [];
  const checked: Record<string, number> = {};
  // One cluster at a time (rules only relate stacks of one cluster), so a fleet's JSON is never all in memory.
  for (const cluster of [...config.clusters].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const stacks = [cluster.name, `${cluster.name}-platform`, ...Array.from({ length: cluster.sharding.shards }, (_, i) => workloadsStackName(cluster.name, i, cluster.sharding.shards))]
      .concat(Object.keys(config.accounts).map((a) => `${cluster.name}-account-${a}`).filter((s) => existsSync(path.join(outdir, 'stacks', s))));
    const docs = loadTerraform(stacks.map((s) => path.join(outdir, 'stacks', s))).map((d) => ({ ...d, file: path.join(finalOutdir, path.relative(outdir, d.file)) }));
    const part = evaluateRules(RULES, docs, { trustPolicyMaxChars: config.iam.trustPolicyMaxChars, configPathOf });
    findings.push(...part.findings);
    for (const [id, n] of Object.entries(part.checked)) checked[id] = (checked[id] ?? 0) + n;
  }
  const run: RuleRun = { ...acknowledge(findings, [...configAcknowledgements(config), ...relaxationAcknowledgements(config)], process.env.EKSGUARD_TODAY), checked };
  const errors = run.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new GuardrailError(errors, run);
  writeFileSync(path.join(outdir, REPORT_FILE), `${JSON.stringify(reportOf(run, finalOutdir), null, 2)}\n`);
  return run;
}

/** The report: deterministic (no timestamps), paths relative to the output directory. */
export function reportOf(run: RuleRun, outdir: string): object {
  const rel = (f: Finding) => ({ ...f, file: path.relative(outdir, f.file) });
  return {
    rules: RULES.length,
    findings: run.findings.map(rel),
    acknowledged: run.acknowledged.map((a) => ({ ...rel(a), acknowledgement: a.acknowledgement })),
    stale: run.stale,
  };
}
