/**
 * eksguard's own app applies the escaping boundary itself (withInertByCaller, makeInertNow,
 * makeInertAtSynth) instead of through the InertStrings aspect on each stack: what an element
 * writes must be what the aspect would have made of it, elements made after the app was built
 * (cdktf's prepare pass adds cross-stack outputs and remote state reads) included.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { makeInert, makeInertAtSynth, makeInertNow, withInertByCaller } from '../../src/terraform/inert-strings';
import { buildApp } from '../../src/app/build';
import { exampleInput, tempOut, valid } from '../support/synth';

class HostileStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    makeInert(this);
    new AwsProvider(this, 'aws', { region: 'us-east-1' });
    new IamRole(this, 'built', { name: 'built-${x}', assumeRolePolicy: '{}' });
  }
}

/** The stack's file after synth: one role made with the app, one made after it was built (before synth). */
function synth(mode: 'aspect' | 'caller' | 'caller-without-synth-pass'): any {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-inert-at-synth-')), stackTraces: false });
  const stack = mode === 'aspect' ? new HostileStack(app, 's') : withInertByCaller(() => new HostileStack(app, 's'));
  if (mode !== 'aspect') makeInertNow(app);
  // Made after the app was built, as cdktf's prepare pass makes its cross-stack elements.
  const late = new IamRole(stack, 'late', { name: 'late-${y}', assumeRolePolicy: '{}' });
  new TerraformOutput(stack, 'late_arn', { value: `${late.arn}-%{z}` });
  if (mode === 'caller') makeInertAtSynth(app);
  app.synth();
  return JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8'));
}

describe('the boundary applied by eksguard itself', () => {
  test('writes what the aspect writes, for the elements made after the app was built too', () => {
    const aspect = synth('aspect');
    expect(aspect.resource.aws_iam_role.late.name).toBe('late-$${y}');
    expect(aspect.output.late_arn.value).toBe('${aws_iam_role.late.arn}-%%{z}');
    const caller = synth('caller');
    expect(caller.resource).toEqual(aspect.resource);
    expect(caller.output).toEqual(aspect.output);
  });

  test('without the pass at synth, an element made late stays live: the pass is what covers it', () => {
    const bare = synth('caller-without-synth-pass');
    expect(bare.resource.aws_iam_role.built.name).toBe('built-$${x}');
    expect(bare.resource.aws_iam_role.late.name).toBe('late-${y}');
  });

  test('makeInert adds no aspect while the caller applies the boundary, and does again after', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'eksguard-inert-at-synth-')) });
    const own = withInertByCaller(() => new HostileStack(app, 'own'));
    expect(Aspects.of(own).all).toHaveLength(0);
    expect(Aspects.of(new HostileStack(app, 'user')).all).toHaveLength(1);
  });

  test('buildApp with inertAtSynth sets the pass up itself: a plain app.synth() covers an element made after the build', () => {
    const app = buildApp(valid(exampleInput()), { outdir: tempOut(), inertAtSynth: true });
    const stack = app.node.children.find((c) => c.node.id === 'production-cluster') as TerraformStack;
    expect(Aspects.of(stack).all).toHaveLength(0);
    new IamRole(stack, 'late', { name: 'late-${y}', assumeRolePolicy: '{}' });
    app.synth();
    const doc = JSON.parse(readFileSync(path.join(app.outdir, 'stacks', 'production-cluster', 'cdk.tf.json'), 'utf8'));
    expect(doc.resource.aws_iam_role.late.name).toBe('late-$${y}');
  });
});
