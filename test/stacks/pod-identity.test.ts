import type { PolicyDocument } from '../../src/policy/document';
import { validateConfig } from '../../src/config';
import { authorizeCore, identityDecision } from '../support/iam';
import { blocks, exampleInput, existingClusterInput, stackJson, synthTo } from '../support/synth';

const ACCOUNT = '123456789012';
const CLUSTER_ARN = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/production-cluster`;
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;

/** The example (or the existing-cluster variant) with workload `my-app` changed. */
function withMyApp(change: (w: any) => void, input = exampleInput()): any {
  const w = input.clusters[0].workloads.find((x: any) => x.name === 'my-app');
  change(w);
  if (w.identity === 'pod-identity') delete w.tokenExpirationSeconds; // an IRSA-only setting
  return input;
}

/** Terraform's `$${` escape undone: the document IAM receives. */
const iamDoc = (terraformString: string): PolicyDocument => JSON.parse(terraformString.split('$${').join('${'));

/** What EKS Pod Identity sends when it assumes a role for a pod: its account, and the session tags. */
function podAsk(trust: PolicyDocument, action: string, over: Partial<{ account: string; cluster: string; namespace: string; serviceAccount: string; principal: string }> = {}) {
  const r = { account: ACCOUNT, cluster: CLUSTER_ARN, namespace: 'production', serviceAccount: 'my-app', principal: 'pods.eks.amazonaws.com', ...over };
  return authorizeCore({
    principal: r.principal,
    action,
    resource: `arn:aws:iam::${ACCOUNT}:role/r`,
    context: { 'aws:SourceAccount': r.account, 'aws:RequestTag/eks-cluster-arn': r.cluster, 'aws:RequestTag/kubernetes-namespace': r.namespace, 'aws:RequestTag/kubernetes-service-account': r.serviceAccount },
    resourcePolicy: trust,
  });
}

describe('Pod Identity workloads', () => {
  const out = synthTo(existingClusterInput());
  const podOut = synthTo(withMyApp((w) => (w.identity = 'pod-identity'), existingClusterInput()));
  const pod = stackJson(podOut, 'production-cluster-workloads').resource;

  test('get a role trusted by the EKS pods service for this account and cluster, an association, and an unannotated service account', () => {
    expect(pod.aws_eks_pod_identity_association['production_my-app']).toMatchObject({
      cluster_name: 'production-cluster', namespace: 'production', service_account: 'my-app', role_arn: '${aws_iam_role.production_my-app.arn}',
    });
    const trust = iamDoc(pod.aws_iam_role['production_my-app'].assume_role_policy);
    expect(podAsk(trust, 'sts:AssumeRole')).toBe('Allowed');
    expect(podAsk(trust, 'sts:TagSession')).toBe('Allowed');
    expect(podAsk(trust, 'sts:AssumeRole', { cluster: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/other` })).toBe('ImplicitlyDenied');
    expect(podAsk(trust, 'sts:AssumeRole', { account: '999999999999', cluster: CLUSTER_ARN.replace(ACCOUNT, '999999999999') })).toBe('ImplicitlyDenied');
    expect(podAsk(trust, 'sts:AssumeRole', { namespace: 'payments' })).toBe('ImplicitlyDenied');
    expect(podAsk(trust, 'sts:AssumeRole', { serviceAccount: 'default' })).toBe('ImplicitlyDenied');
    expect(podAsk(trust, 'sts:AssumeRole', { principal: 'ec2.amazonaws.com' })).toBe('ImplicitlyDenied');
    expect(authorizeCore({ principal: PROVIDER, action: 'sts:AssumeRoleWithWebIdentity', resource: `arn:aws:iam::${ACCOUNT}:role/r`, context: { [`${ISSUER}:sub`]: 'system:serviceaccount:production:my-app', [`${ISSUER}:aud`]: 'sts.amazonaws.com' }, resourcePolicy: trust })).toBe('ImplicitlyDenied');
    expect(pod.kubernetes_service_account_v1['production_my-app'].metadata.annotations).toBeUndefined();
    // The other workloads are untouched IRSA workloads.
    expect(pod.aws_eks_pod_identity_association['payments_app-sqs-consumer']).toBeUndefined();
    expect(pod.aws_iam_role['payments_app-sqs-consumer']).toEqual(stackJson(out, 'production-cluster-workloads').resource.aws_iam_role['payments_app-sqs-consumer']);
  });

  test('need the agent add-on: always there on a created cluster; on an existing one, declared (create adds it)', () => {
    const created = stackJson(synthTo(withMyApp((w) => (w.identity = 'pod-identity'))), 'production-cluster').resource;
    expect(created.aws_eks_addon['eks-pod-identity-agent'].addon_name).toBe('eks-pod-identity-agent');
    expect(stackJson(podOut, 'production-cluster').resource.aws_eks_addon).toBeUndefined(); // podIdentityAgent: installed
    const missing = validateConfig(withMyApp((w) => (w.identity = 'pod-identity'), (() => { const i = existingClusterInput(); delete i.clusters[0].existing.podIdentityAgent; return i; })()));
    expect(missing.problems.map((p) => p.path)).toEqual(['clusters[0].existing.podIdentityAgent']);
    const input = withMyApp((w) => (w.identity = 'pod-identity'), existingClusterInput());
    input.clusters[0].existing.podIdentityAgent = 'create';
    expect(stackJson(synthTo(input), 'production-cluster').resource.aws_eks_addon['eks-pod-identity-agent'].cluster_name).toBe('production-cluster');
  });

  test('ABAC: a {namespace} prefix is scoped by the session tag, so the role reads only its own namespace\'s keys (evaluated)', async () => {
    const change = (w: any) => (w.s3 = [{ bucket: 'tenant-data', prefixes: ['tenants/{namespace}/'], access: 'read' }]);
    const podDoc = stackJson(synthTo(withMyApp((w) => { w.identity = 'pod-identity'; change(w); }, existingClusterInput())), 'production-cluster-workloads');
    const raw = podDoc.resource.aws_iam_role_policy['production_my-app'].policy;
    expect(raw).toContain('arn:aws:s3:::tenant-data/tenants/$${aws:PrincipalTag/kubernetes-namespace}/*');
    const doc = iamDoc(raw);
    const tags = (ns: string) => ({ 'aws:PrincipalTag/kubernetes-namespace': ns });
    expect(await identityDecision(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::tenant-data/tenants/production/a', context: tags('production') })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::tenant-data/tenants/payments/a', context: tags('production') })).toBe('ImplicitlyDenied');
    // IRSA sessions carry no such tags: the placeholder becomes the literal namespace.
    const irsaDoc = stackJson(synthTo(withMyApp(change, existingClusterInput())), 'production-cluster-workloads');
    expect(irsaDoc.resource.aws_iam_role_policy['production_my-app'].policy).toContain('arn:aws:s3:::tenant-data/tenants/production/*');
  });

  test('a cross-account target role: the association names it, the role may assume only it, and the boundary lets exactly that chain through', () => {
    const target = 'arn:aws:iam::999999999999:role/shared-reader';
    const dir = synthTo(withMyApp((w) => { w.identity = 'pod-identity'; w.podIdentity = { targetRoleArn: target }; }, existingClusterInput()));
    const r = stackJson(dir, 'production-cluster-workloads').resource;
    expect(r.aws_eks_pod_identity_association['production_my-app'].target_role_arn).toBe(target);
    const policy = iamDoc(r.aws_iam_role_policy['production_my-app'].policy);
    const boundary = iamDoc(stackJson(dir, 'production-cluster').resource.aws_iam_policy['permissions-boundary'].policy);
    const ask = (resource: string) => authorizeCore({ principal: `arn:aws:iam::${ACCOUNT}:role/production-cluster-production-my-app`, action: 'sts:AssumeRole', resource, context: {}, identityPolicies: [policy], permissionBoundary: boundary, resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/production-cluster-production-my-app` }, Action: 'sts:AssumeRole' }] } });
    expect(ask(target)).toBe('Allowed');
    expect(ask('arn:aws:iam::999999999999:role/admin')).not.toBe('Allowed');
  });

  test('moving from IRSA to Pod Identity keeps the role\'s address and never leaves running pods without a trust', () => {
    const step = (identity: string) => stackJson(synthTo(withMyApp((w) => (w.identity = identity), existingClusterInput())), 'production-cluster-workloads').resource;
    const [irsa, both, podOnly] = ['irsa', 'irsa-and-pod-identity', 'pod-identity'].map(step);
    const trustOf = (r: any) => iamDoc(r.aws_iam_role['production_my-app'].assume_role_policy);
    const web = (trust: PolicyDocument) => authorizeCore({ principal: PROVIDER, action: 'sts:AssumeRoleWithWebIdentity', resource: `arn:aws:iam::${ACCOUNT}:role/r`, context: { [`${ISSUER}:sub`]: 'system:serviceaccount:production:my-app', [`${ISSUER}:aud`]: 'sts.amazonaws.com' }, resourcePolicy: trust });
    // 1. irsa: annotated, IRSA trust only.
    expect(irsa.kubernetes_service_account_v1['production_my-app'].metadata.annotations['eks.amazonaws.com/role-arn']).toBe('${aws_iam_role.production_my-app.arn}');
    expect([web(trustOf(irsa)), podAsk(trustOf(irsa), 'sts:AssumeRole')]).toEqual(['Allowed', 'ImplicitlyDenied']);
    // 2. both: running pods keep IRSA; restarted pods (annotation gone) get Pod Identity through the association.
    expect(both.kubernetes_service_account_v1['production_my-app'].metadata.annotations).toBeUndefined();
    expect(both.aws_eks_pod_identity_association['production_my-app']).toBeDefined();
    expect([web(trustOf(both)), podAsk(trustOf(both), 'sts:AssumeRole')]).toEqual(['Allowed', 'Allowed']);
    // 3. pod-identity: the IRSA statement is gone.
    expect([web(trustOf(podOnly)), podAsk(trustOf(podOnly), 'sts:AssumeRole')]).toEqual(['ImplicitlyDenied', 'Allowed']);
    // The same role and policy addresses throughout, and the same permissions.
    for (const r of [both, podOnly]) {
      expect(Object.keys(r.aws_iam_role)).toEqual(Object.keys(irsa.aws_iam_role));
      expect(r.aws_iam_role_policy['production_my-app']).toEqual(irsa.aws_iam_role_policy['production_my-app']);
      expect(r.aws_iam_role['production_my-app'].name).toBe(irsa.aws_iam_role['production_my-app'].name);
    }
    const warnings = validateConfig(withMyApp((w) => (w.identity = 'irsa-and-pod-identity'))).warnings;
    expect(warnings.find((w) => w.path === 'clusters[0].workloads[1].identity')?.message).toMatch(/restart its pods .* then set identity: pod-identity/);
  });

  test('disabling session tags needs a reason, is reported, and reaches the association', () => {
    const input = withMyApp((w) => { w.identity = 'pod-identity'; w.podIdentity = { disableSessionTags: { reason: 'names exceed the packed policy size' } }; }, existingClusterInput());
    expect(validateConfig(input).warnings.map((w) => w.path)).toContain('clusters[0].workloads[1].podIdentity.disableSessionTags');
    const r = stackJson(synthTo(input), 'production-cluster-workloads').resource;
    expect(r.aws_eks_pod_identity_association['production_my-app'].disable_session_tags).toBe(true);
    // Without tags only the account is checked: the trust no longer names the cluster (which is why it needs a reason).
    expect(JSON.parse(r.aws_iam_role['production_my-app'].assume_role_policy).Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
    const bad = withMyApp((w) => { w.identity = 'pod-identity'; w.podIdentity = { disableSessionTags: { reason: 'size' } }; }, existingClusterInput());
    expect(validateConfig(bad).problems.map((p) => p.path)).toEqual(['clusters[0].workloads[1].podIdentity.disableSessionTags.reason']);
    expect(validateConfig(withMyApp((w) => (w.podIdentity = { targetRoleArn: 'arn:aws:iam::999999999999:role/x' }))).problems.map((p) => p.path)).toEqual(['clusters[0].workloads[1].podIdentity']);
  });

  // IAM's inline quota per role is 10,240 characters: the rest goes into managed policies, which
  // every identity kind must hold (before the fix, only IRSA roles had them attached).
  describe.each(['pod-identity', 'irsa-and-pod-identity'])('a %s role over the inline quota', (identity) => {
    const tenants = Array.from({ length: 400 }, (_, i) => `tenants/tenant-${String(i).padStart(4, '0')}/`);
    const dir = synthTo((() => {
      const input = exampleInput();
      const w = input.clusters[0].workloads.find((x: any) => x.name === 'app-sqs-consumer');
      w.identity = identity;
      w.s3 = [{ bucket: 'tenant-data', prefixes: tenants, access: 'read-write' }];
      return input;
    })());
    const doc = stackJson(dir, 'production-cluster-workloads');
    const key = 'payments_app-sqs-consumer';
    const managed = blocks(doc).filter((b) => b.type === 'aws_iam_policy' && b.name.startsWith(`${key}_`));
    const attachments = blocks(doc).filter((b) => b.type === 'aws_iam_role_policy_attachment' && b.body.role === `\${aws_iam_role.${key}.name}`);

    test('has its managed policies created and attached to its role', () => {
      expect(JSON.parse(doc.resource.aws_iam_role[key].assume_role_policy).Statement.map((s: any) => s.Principal.Service ?? 'web identity')).toContain('pods.eks.amazonaws.com');
      expect(doc.resource.aws_iam_role_policy[key].policy.length).toBeLessThanOrEqual(10240);
      expect(managed.length).toBeGreaterThan(0);
      expect(attachments.map((a) => a.body.policy_arn).sort()).toEqual(managed.map((m) => `\${aws_iam_policy.${m.name}.arn}`).sort());
    });

    test('allows every granted action through its inline and managed policies together, and nothing next to it (evaluated)', () => {
      const union: PolicyDocument = { Version: '2012-10-17', Statement: [doc.resource.aws_iam_role_policy[key].policy, ...managed.map((m) => m.body.policy)].flatMap((p) => iamDoc(p).Statement) };
      const ask = (action: string, resource: string, context: Record<string, string> = {}) => authorizeCore({ principal: `arn:aws:iam::${ACCOUNT}:role/r`, action, resource, context, identityPolicies: [union] });
      const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:payments-events`;
      for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']) expect(`${action} ${ask(action, queue)}`).toBe(`${action} Allowed`);
      // Every action, on tenants spread over the whole list (so over every part of the split; all 400 are shown by the resources below).
      const denied: string[] = [];
      for (const prefix of tenants.filter((_, i) => i % 7 === 0 || i === tenants.length - 1)) {
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']) if (ask(action, `arn:aws:s3:::tenant-data/${prefix}report.csv`) !== 'Allowed') denied.push(`${action} ${prefix}`);
        if (ask('s3:ListBucket', 'arn:aws:s3:::tenant-data', { 's3:prefix': `${prefix}2026/` }) !== 'Allowed') denied.push(`s3:ListBucket ${prefix}`);
      }
      expect(denied).toEqual([]);
      const objectsFor = (action: string) => new Set(union.Statement.filter((st) => ([] as string[]).concat(st.Action ?? []).includes(action)).flatMap((st) => ([] as string[]).concat(st.Resource ?? [])));
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload']) {
        expect(tenants.filter((p) => !objectsFor(action).has(`arn:aws:s3:::tenant-data/${p}*`))).toEqual([]);
      }
      // Near misses stay denied: another tenant, another bucket, an action not granted, a list without the prefix.
      expect(ask('s3:GetObject', 'arn:aws:s3:::tenant-data/tenants/tenant-9999/report.csv')).toBe('ImplicitlyDenied');
      expect(ask('s3:GetObject', 'arn:aws:s3:::other-data/tenants/tenant-0000/report.csv')).toBe('ImplicitlyDenied');
      expect(ask('s3:DeleteObject', 'arn:aws:s3:::tenant-data/tenants/tenant-0000/report.csv')).toBe('ImplicitlyDenied');
      expect(ask('s3:ListBucket', 'arn:aws:s3:::tenant-data', { 's3:prefix': 'tenants/' })).toBe('ImplicitlyDenied');
    });
  });
});
