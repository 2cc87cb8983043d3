/**
 * How `check` scales with the number of blocks of one file: generated Terraform JSON with 10k, 20k,
 * 40k and 80k blocks (a mix of security groups and their standalone rules, roles with trust
 * policies, policies, policy documents, inline policies and attachments), each loaded and checked
 * in this process (after a warm-up run), printing the time and the growth factor per doubling
 * (2.0 is linear, 4.0 quadratic). Standalone: `npx tsx bench/check-scale.ts`; also run by `npm run bench`.
 * Not a timed test: nothing here fails on speed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadTerraform, runRules, RULES } from '../src/rules';
import { formatText } from '../src/rules/format';
import { review } from '../src/review/review';
import { reviewMarkdown } from '../src/review/markdown';

const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Terraform JSON with about `blocks` blocks, 10 per unit. */
export function scaleInput(blocks: number): any {
  const resource: Record<string, Record<string, unknown>> = {};
  const data: Record<string, Record<string, unknown>> = { aws_iam_policy_document: {} };
  const add = (type: string, name: string, body: unknown) => ((resource[type] ??= {})[name] = body);
  for (let i = 0; i < Math.ceil(blocks / 10); i++) {
    add('aws_security_group', `sg${i}`, { name: `sg${i}`, description: `group ${i}`, vpc_id: 'vpc-1', ingress: [{ description: 'https', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] }] });
    add('aws_vpc_security_group_ingress_rule', `in${i}`, { security_group_id: `\${aws_security_group.sg${i}.id}`, description: 'ssh from admins', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: `10.${i % 256}.0.0/16` });
    add('aws_security_group_rule', `out${i}`, { type: 'egress', security_group_id: `\${aws_security_group.sg${i}.id}`, description: 'dns', protocol: 'udp', from_port: 53, to_port: 53, cidr_blocks: ['10.0.0.2/32'] });
    add('aws_iam_role', `role${i}`, { name: `role-${i}`, assume_role_policy: policy([{ Effect: 'Allow', Principal: { Service: i % 2 ? 'ec2.amazonaws.com' : 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]) });
    add('aws_iam_policy', `policy${i}`, { name: `policy-${i}`, policy: policy([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::bucket-${i}/*`] }]) });
    add('aws_iam_role_policy_attachment', `attach${i}`, { role: `\${aws_iam_role.role${i}.name}`, policy_arn: `\${aws_iam_policy.policy${i}.arn}` });
    add('aws_iam_role_policy', `inline${i}`, { name: `inline-${i}`, role: `\${aws_iam_role.role${i}.id}`, policy: `\${data.aws_iam_policy_document.doc${i}.json}` });
    data.aws_iam_policy_document[`doc${i}`] = { statement: [{ effect: 'Allow', actions: ['sqs:SendMessage'], resources: [`arn:aws:sqs:us-east-1:123456789012:queue-${i}`] }] };
    add('aws_eks_pod_identity_association', `assoc${i}`, { cluster_name: '${aws_eks_cluster.c.name}', namespace: `ns-${i}`, service_account: 'app', role_arn: `\${aws_iam_role.role${i}.arn}` });
    add('aws_launch_template', `lt${i}`, { name: `lt-${i}`, metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' } });
  }
  return { resource, data };
}

export function checkScale(sizes = [10_000, 20_000, 40_000, 80_000]): Array<{ blocks: number; ms: number; cpuMs: number; findings: number; reviewMs: number; changes: number }> {
  const work = mkdtempSync(path.join(tmpdir(), 'eksguard-check-scale-'));
  try {
    const once = (n: number) => {
      const file = path.join(work, `scale-${n}.tf.json`);
      writeFileSync(file, JSON.stringify(scaleInput(n)));
      const start = performance.now();
      const cpu = process.cpuUsage();
      const docs = loadTerraform([file]);
      const run = runRules(RULES, docs);
      formatText(run);
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      // review: the same file against a head that widens one policy, adds a rule and renames a role.
      const head = scaleInput(n);
      head.resource.aws_iam_policy.policy0.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
      head.resource.aws_vpc_security_group_ingress_rule.in1.cidr_ipv4 = '0.0.0.0/0';
      const headDir = path.join(work, `head-${n}`);
      mkdirSync(headDir, { recursive: true });
      writeFileSync(path.join(headDir, `scale-${n}.tf.json`), JSON.stringify(head));
      const [b, h] = [loadTerraform([file]), loadTerraform([path.join(headDir, `scale-${n}.tf.json`)])];
      const reviewStart = performance.now();
      const r = review(b, h);
      reviewMarkdown(r);
      const reviewMs = performance.now() - reviewStart;
      return { blocks: docs.reduce((k, d) => k + d.blocks.length, 0), ms, cpuMs: (used.user + used.system) / 1000, findings: run.findings.length, reviewMs, changes: r.changes.length };
    };
    once(1_000); // warm-up: module loading and JIT
    return sizes.map(once);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function printCheckScale(rows: ReturnType<typeof checkScale>): void {
  console.log('\n`check` on one generated Terraform JSON file (load + every rule + format), in this process:\n');
  // CPU time (this process, all its threads) beside wall time: on a shared machine the wall time also counts waiting for a core.
  console.log('| blocks | check (wall) | CPU time | growth per doubling (wall / CPU) | review of a 2-change head (wall) | growth |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach((r, i) => console.log(`| ${r.blocks.toLocaleString('en-US')} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${i === 0 ? '' : `x${(r.ms / rows[i - 1].ms).toFixed(2)} / x${(r.cpuMs / rows[i - 1].cpuMs).toFixed(2)}`} | ${(r.reviewMs / 1000).toFixed(2)} s (${r.changes} changes) | ${i === 0 ? '' : `x${(r.reviewMs / rows[i - 1].reviewMs).toFixed(2)}`} |`));
}

if (require.main === module) printCheckScale(checkScale());
