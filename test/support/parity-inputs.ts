/**
 * Configs that combine the workload features, for test/stacks/planned-parity.test.ts, and the
 * placement of a synthesized output (temporary and working directories as placeholders, as
 * output-unchanged.test.ts writes them). Pure data and a function of a given `synthesize`, so the
 * pinned outputs can be written by d27e29d's own synthesize (test/support/pin-planned-parity.ts).
 */
import * as path from 'path';
import { exampleInput, existingClusterInput } from '../../bench/generate';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Flows: UDP and TCP to one server, several clients, servers with and without a group, declared egress of both protocols. */
export function flowsInput(): any {
  const c = exampleInput();
  c.clusters[0].workloads.push(
    { name: 'dns-srv', namespace: 'infra', securityGroup: { probePorts: [53, 8080] }, network: { ingress: [{ fromApp: 'my-app', port: 53, protocol: 'UDP' }, { fromApp: 'my-app', port: 53, protocol: 'TCP' }, { fromApp: 'orders-api', port: 53, protocol: 'UDP' }, { fromApp: 'orders-api', port: 8080 }, { fromApp: 'nogroup-client', port: 9000 }] } },
    { name: 'nogroup-srv', namespace: 'infra', network: { ingress: [{ fromApp: 'orders-api', port: 7000 }, { fromApp: 'orders-api', port: 7001, protocol: 'UDP' }, { fromApp: 'dns-srv', port: 7000 }] } },
    { name: 'nogroup-client', namespace: 'other' },
    { name: 'udp-db', namespace: 'infra', securityGroup: { egress: [{ toSecurityGroupId: 'sg-0db0123456789abcd', port: 5432, protocol: 'udp', description: 'udp thing' }, { toSecurityGroupId: 'sg-0db0123456789abcd', port: 5432, protocol: 'tcp', description: 'tcp thing', cidr: '10.0.30.0/24' }, { toSecurityGroupId: 'sg-0db0123456789abce', port: 6379, description: 'redis cache' }] } },
  );
  c.clusters[0].network.nodeInternetEgress = { reason: 'pulls images from a public registry through NAT' };
  return c;
}

/** Identities: Pod Identity with a target role and no session tags, migration mode, a service account pattern, policies beyond the inline quota, secrets with env. */
export function identitiesInput(): any {
  const c = exampleInput();
  const s3 = Array.from({ length: 45 }, (_, i) => ({ bucket: `bucket-number-${i}-with-a-long-name`, prefixes: [`prefix/${i}/a/`, `prefix/${i}/b/`], access: 'read-write', delete: true }));
  c.clusters[0].workloads.push(
    { name: 'tgt', namespace: 'x', identity: 'pod-identity', podIdentity: { targetRoleArn: 'arn:aws:iam::999999999999:role/reader', disableSessionTags: { reason: 'long names overflow the packed policy size' } } },
    { name: 'mig', namespace: 'x', identity: 'irsa-and-pod-identity', podIdentity: { targetRoleArn: 'arn:aws:iam::999999999999:role/reader' }, stsRegionalEndpoints: false, tokenExpirationSeconds: 600, automountServiceAccountToken: true },
    { name: 'pat', namespace: 'x', serviceAccount: 'pat-*', wildcardSubject: { reason: 'one role for every batch job service account' } },
    { name: 'big', namespace: 'big', identity: 'pod-identity', s3, secrets: Array.from({ length: 12 }, (_, i) => ({ secretsManager: `prod/big/secret-${i}`, env: `SECRET_${i}` })), kms: [{ keyArn: KEY, access: ['decrypt'], viaServices: ['s3', 'secretsmanager'] }] },
  );
  return c;
}

/** An existing cluster in three shards, flows within and across namespaces, groups on some. */
export function existingShardsInput(): any {
  const c = existingClusterInput();
  const cl = c.clusters[0];
  cl.sharding = { shards: 3 };
  cl.workloads = cl.workloads ?? [];
  for (let i = 0; i < 9; i++) {
    cl.workloads.push({
      name: `w${i}`, namespace: `ns${i % 3}`, identity: i % 2 ? 'pod-identity' : 'irsa',
      ...(i % 3 === 0 ? { securityGroup: { probePorts: [8080] } } : {}),
      network: { ingress: i > 0 ? [{ fromApp: `w${i - 1}`, port: 8000 + i }] : [] },
      secrets: i % 4 === 0 ? [{ ssmParameter: `/p/${i}`, env: `P_${i}` }] : [],
    });
  }
  return c;
}

/** Every file of `synthesize`'s output in `outdir`, the output and working directories written as placeholders, report digests elided. */
export function placedOutput(
  synthesize: (config: any, outdir: string, acks: [], options: { hcl: boolean }) => unknown,
  config: unknown, outdir: string, hcl: boolean, filesOf: (dir: string) => Record<string, string>,
): Record<string, string> {
  synthesize(config, outdir, [], { hcl });
  const toCwd = path.relative(path.join(outdir, 'stacks', 'stack'), process.cwd());
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(filesOf(outdir))) {
    const placed = text.split(outdir).join('<out>').split(path.dirname(outdir)).join('<out>/..').split(`${toCwd}/`).join('<cwd>/');
    out[file] = file === 'eksguard-report.json' ? placed.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>') : placed;
  }
  return out;
}
