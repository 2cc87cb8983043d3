import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { synthesize } from '../../src/app/synth';
import { exampleInput, stackJson, synthTo, tempOut, valid } from '../support/synth';

const STACKS = ['production-cluster', 'production-cluster-platform', 'production-cluster-workloads'];
const withBackend = (backend: object) => {
  const input = exampleInput();
  input.backend = backend;
  return synthTo(input);
};

describe('backends', () => {
  test('S3: one key per stack, encrypted, S3-native locking, the platform region; cross-stack reads use the same bucket', () => {
    const out = withBackend({ type: 's3', bucket: 'eksguard-state', keyPrefix: 'platform/prod', roleArn: 'arn:aws:iam::123456789012:role/terraform-state' });
    for (const stack of STACKS) {
      expect(stackJson(out, stack).terraform.backend).toEqual({
        s3: { bucket: 'eksguard-state', key: `platform/prod/${stack}.tfstate`, region: 'us-east-1', encrypt: true, use_lockfile: true, assume_role: { role_arn: 'arn:aws:iam::123456789012:role/terraform-state' } },
      });
    }
    const remote = stackJson(out, 'production-cluster-workloads').data.terraform_remote_state['cross-stack-reference-input-production-cluster'];
    expect(remote).toMatchObject({ backend: 's3', config: { bucket: 'eksguard-state', key: 'platform/prod/production-cluster.tfstate', region: 'us-east-1' } });
  });

  test('HCP Terraform: a cloud block with one workspace per stack; cross-stack reads name the other workspace', () => {
    const out = withBackend({ type: 'cloud', organization: 'acme', project: 'platform' });
    for (const stack of STACKS) {
      expect(stackJson(out, stack).terraform.cloud).toEqual({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: `eksguard-${stack}`, project: 'platform' } });
      expect(stackJson(out, stack).terraform.backend).toBeUndefined();
    }
    const remote = stackJson(out, 'production-cluster-workloads').data.terraform_remote_state['cross-stack-reference-input-production-cluster'];
    expect(remote).toEqual({ backend: 'remote', config: { hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: 'eksguard-production-cluster' } } });
  });

  test('every stack asks for Terraform 1.10 or later (S3 lockfiles; OpenTofu reads the same JSON) with fully qualified providers', () => {
    const out = synthTo(exampleInput());
    for (const stack of STACKS) {
      const t = stackJson(out, stack).terraform;
      expect(t.required_version).toBe('>= 1.10.0');
      for (const p of Object.values(t.required_providers) as any[]) expect(p.source).toMatch(/^hashicorp\//);
    }
  });

  test('an unknown backend or DynamoDB locking is refused with the fix', () => {
    const input = exampleInput();
    input.backend = { type: 's3', bucket: 'eksguard-state', useLockfile: false };
    expect(() => valid(input)).toThrow(/backend.useLockfile: useLockfile must be true/);
  });

  test('--hcl writes HCL for reviewers after the rule pack ran on the JSON', () => {
    const out = tempOut();
    const r = synthesize(valid(exampleInput()), out, [], { hcl: true });
    expect(r.guardrails.acknowledged.length).toBe(1);
    const hcl = readFileSync(path.join(out, 'stacks', 'production-cluster', 'cdk.tf'), 'utf8');
    expect(hcl).toContain('required_version = ">= 1.10.0"');
    expect(hcl).toContain('resource "aws_eks_cluster" "production-cluster"');
    expect(existsSync(path.join(out, 'stacks', 'production-cluster', 'cdk.tf.json'))).toBe(false);
    expect(existsSync(path.join(out, 'eksguard-report.json'))).toBe(true);
  });
});
