import { readFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config';
import type { PolicyDocument } from '../../src/policy/document';
import { defaultKeyPolicy, identityDecision } from '../support/iam';
import { blocks, exampleInput, existingClusterInput, stackJson, synthTo } from '../support/synth';

const out = synthTo(exampleInput());
const platform = stackJson(out, 'production-cluster-platform').resource;
const workloads = stackJson(out, 'production-cluster-workloads').resource;
const cluster = stackJson(out, 'production-cluster').resource;
const WORKLOAD_NAMESPACES = ['default', 'orders', 'payments', 'production'];

/** The served version's openAPIV3Schema of an upstream CRD kept as test data (see test/data/crds/SOURCES.md). */
function crdValidator(file: string, version: string) {
  const crd = parse(readFileSync(path.join(__dirname, '../data/crds', file), 'utf8'));
  const v = crd.spec.versions.find((x: any) => x.name === version && x.served);
  if (v === undefined) throw new Error(`${file} serves no ${version}`);
  return new Ajv({ strict: false, allErrors: true }).compile(v.schema.openAPIV3Schema);
}
const spcSchema = crdValidator('secretproviderclasses.secrets-store.csi.x-k8s.io.yaml', 'v1');
const sgpSchema = crdValidator('securitygrouppolicies.vpcresources.k8s.aws.yaml', 'v1beta1');
const manifests = (kind: string) => Object.entries(workloads.kubernetes_manifest).filter(([, m]: [string, any]) => m.manifest.kind === kind) as Array<[string, any]>;

describe('the example in the cluster', () => {
  test('contains a Pod Identity workload with its association and the agent, SecretProviderClasses, the CSI helm releases, baseline policies in every namespace and a SecurityGroupPolicy', () => {
    expect(workloads.aws_eks_pod_identity_association['orders_orders-api'].service_account).toBe('orders-api');
    expect(cluster.aws_eks_addon['eks-pod-identity-agent']).toBeDefined();
    expect(manifests('SecretProviderClass').map(([k]) => k)).toEqual(['production_my-app_secrets']);
    expect(Object.keys(platform.helm_release).sort()).toEqual(['secrets-store-csi-driver', 'secrets-store-csi-driver-provider-aws']);
    // Namespace baselines live with the namespaces, in the platform stack (applied before any workload).
    for (const ns of WORKLOAD_NAMESPACES) {
      expect(platform.kubernetes_network_policy_v1[`${ns}_default-deny`]).toBeDefined();
      expect(platform.kubernetes_network_policy_v1[`${ns}_allow-dns`]).toBeDefined();
    }
    expect(manifests('SecurityGroupPolicy').map(([k]) => k)).toEqual(['orders_orders-api_security-groups']);
  });

  test('custom resources validate against the upstream CRD schemas, and the schemas reject a broken one', () => {
    for (const [name, m] of [...manifests('SecretProviderClass'), ...manifests('SecurityGroupPolicy')]) {
      const validate = m.manifest.kind === 'SecretProviderClass' ? spcSchema : sgpSchema;
      expect(`${name}: ${validate(m.manifest) ? 'valid' : JSON.stringify(validate.errors)}`).toBe(`${name}: valid`);
    }
    const [, spc] = manifests('SecretProviderClass')[0];
    expect(spcSchema({ ...spc.manifest, spec: { ...spc.manifest.spec, secretObjects: [{ secretName: 'x', data: [{ objectName: 1 }] }] } })).toBe(false);
    const [, sgp] = manifests('SecurityGroupPolicy')[0];
    expect(sgpSchema({ ...sgp.manifest, spec: { ...sgp.manifest.spec, securityGroups: { groupIds: 'sg-1' } } })).toBe(false);
  });

  test('the SecretProviderClass mounts each secret and parameter and syncs the env ones into <workload>-secrets', () => {
    const spc = workloads.kubernetes_manifest['production_my-app_secrets'].manifest;
    expect(parse(spc.spec.parameters.objects)).toEqual([
      { objectName: '/prod/my-app/api-key', objectType: 'ssmparameter', objectAlias: 'prod_my-app_api-key' },
      { objectName: 'prod/my-app/database-url', objectType: 'secretsmanager', objectAlias: 'prod_my-app_database-url' },
    ]);
    expect(spc.spec.parameters.usePodIdentity).toBe('false'); // my-app uses IRSA
    expect(spc.spec.secretObjects).toEqual([expect.objectContaining({ secretName: 'my-app-secrets', type: 'Opaque', data: [{ objectName: 'prod_my-app_database-url', key: 'DATABASE_URL' }] })]);
    const pod = synthTo((() => { const i = exampleInput(); const w = i.clusters[0].workloads[1]; w.identity = 'pod-identity'; delete w.tokenExpirationSeconds; return i; })());
    expect(stackJson(pod, 'production-cluster-workloads').resource.kubernetes_manifest['production_my-app_secrets'].manifest.spec.parameters.usePodIdentity).toBe('true');
  });

  test('the role admits exactly the listed secret and parameter, and decrypts only through those services (evaluated)', async () => {
    const doc = JSON.parse(workloads.aws_iam_role_policy['production_my-app'].policy) as PolicyDocument;
    const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
    expect(await identityDecision(doc, { action: 'secretsmanager:GetSecretValue', resource: secret('prod/my-app/database-url') })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 'secretsmanager:GetSecretValue', resource: secret('prod/other-app/database-url') })).toBe('ImplicitlyDenied');
    expect(await identityDecision(doc, { action: 'secretsmanager:PutSecretValue', resource: secret('prod/my-app/database-url') })).toBe('ImplicitlyDenied');
    expect(await identityDecision(doc, { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app/api-key' })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app/api-key-2' })).toBe('ImplicitlyDenied');
    expect(await identityDecision(doc, { action: 'ssm:GetParametersByPath', resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/my-app' })).toBe('ImplicitlyDenied');
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(await identityDecision(doc, { action: 'kms:Decrypt', resource: key, resourcePolicy: defaultKeyPolicy(), context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } })).toBe('Allowed');
    expect(await identityDecision(doc, { action: 'kms:Decrypt', resource: key, resourcePolicy: defaultKeyPolicy(), context: { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' } })).toBe('ImplicitlyDenied');
  });

  test('helm: pinned charts, sync and rotation on, and the driver installed once', () => {
    const driver = platform.helm_release['secrets-store-csi-driver'];
    const aws = platform.helm_release['secrets-store-csi-driver-provider-aws'];
    expect(driver).toMatchObject({ chart: 'secrets-store-csi-driver', version: '1.6.0', namespace: 'kube-system', repository: 'https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts' });
    expect(parse(driver.values[0])).toEqual({ syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: '3600s', tokenRequests: [{ audience: 'sts.amazonaws.com' }, { audience: 'pods.eks.amazonaws.com' }] });
    expect(aws).toMatchObject({ chart: 'secrets-store-csi-driver-provider-aws', version: '3.1.1', depends_on: ['helm_release.secrets-store-csi-driver'] });
    expect(parse(aws.values[0])).toEqual({ 'secrets-store-csi-driver': { install: false } });
    expect(stackJson(out, 'production-cluster-platform').terraform.required_providers.helm).toEqual({ source: 'hashicorp/helm', version: '>= 3.1.0, < 4.0.0' });
    // No workload with secrets: no driver, no helm provider.
    const none = synthTo((() => { const i = exampleInput(); i.clusters[0].workloads.forEach((w: any) => delete w.secrets); return i; })());
    expect(stackJson(none, 'production-cluster-platform').resource.helm_release).toBeUndefined();
  });

  // The driver chart's kubeVersion is ">=1.30.0-0" from 1.6.0 on (">=1.16.0-0" up to 1.5.6): Helm refuses it below 1.30.
  test('fails when the driver chart needs a newer Kubernetes than the cluster runs; 1.5.6 fits 1.29', () => {
    const on129 = (csi?: object) => { const i = exampleInput(); i.clusters[0].kubernetesVersion = '1.29'; if (csi !== undefined) i.clusters[0].secretsStoreCsi = csi; return validateConfig(i).problems; };
    const refused = on129();
    expect(refused.map((p) => p.path)).toEqual(['clusters[0].secretsStoreCsi.driverChartVersion']);
    expect(refused[0].message).toMatch(/^is 1\.6\.0 \(the default\), whose chart requires Kubernetes 1\.30 or later .* but kubernetesVersion is 1\.29/);
    expect(on129({ driverChartVersion: '1.6.1' })[0].message).toMatch(/^is 1\.6\.1, whose chart/);
    expect(on129({ driverChartVersion: '1.5.6' })).toEqual([]);
    // On 1.30 the default fits; without secrets no chart is installed, so nothing is checked.
    const on130 = exampleInput();
    on130.clusters[0].kubernetesVersion = '1.30';
    expect(validateConfig(on130).problems).toEqual([]);
    const noSecrets = exampleInput();
    noSecrets.clusters[0].kubernetesVersion = '1.29';
    noSecrets.clusters[0].workloads.forEach((w: any) => delete w.secrets);
    expect(validateConfig(noSecrets).problems).toEqual([]);
  });

  test('network policies: deny by default, DNS to kube-dns, HTTPS to the VPC, the agent for Pod Identity, flows at both ends, never IMDS', () => {
    const np = { ...platform.kubernetes_network_policy_v1, ...workloads.kubernetes_network_policy_v1 };
    expect(np['payments_default-deny'].spec).toEqual({ pod_selector: {}, policy_types: ['Ingress', 'Egress'] });
    expect(np['payments_allow-dns'].spec.egress[0]).toEqual({
      ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }],
      to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
    });
    expect(np['payments_allow-aws-endpoints'].spec.egress[0]).toEqual({ ports: [{ port: '443', protocol: 'TCP' }], to: [{ ip_block: { cidr: '10.0.0.0/16' } }] });
    // S3 is reached through its gateway endpoint, on public addresses: only the S3 users get HTTPS to those (never private or link-local ones).
    expect(np['payments_app-sqs-consumer_aws-public'].spec.egress[0].to[0].ip_block).toEqual({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] });
    expect(np['production_my-app_aws-public']).toBeDefined(); // my-app reads its bucket
    expect(np['default_svc-test_aws-public']).toBeUndefined(); // eks has an interface endpoint in the example
    expect(np['orders_allow-pod-identity-agent'].spec.egress[0].to).toEqual([{ ip_block: { cidr: '169.254.170.23/32' } }]);
    expect(np['payments_allow-pod-identity-agent']).toBeUndefined();
    // orders-api → my-app:8080 needs my-app's ingress and orders-api's egress.
    expect(np['production_my-app_ingress'].spec).toMatchObject({ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'my-app' } }, policy_types: ['Ingress'] });
    expect(np['production_my-app_ingress'].spec.ingress[0].from[0]).toEqual({ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'orders' } }, pod_selector: { match_labels: { 'app.kubernetes.io/name': 'orders-api' } } });
    expect(np['orders_orders-api_egress'].spec.egress[0]).toMatchObject({ ports: [{ port: '8080', protocol: 'TCP' }], to: [{ pod_selector: { match_labels: { 'app.kubernetes.io/name': 'my-app' } } }] });
    // No ipBlock anywhere could admit the instance metadata address.
    const blocksOf = (o: any): any[] => (o === null || typeof o !== 'object' ? [] : [...(o.ip_block ? [o.ip_block] : []), ...Object.values(o).flatMap(blocksOf)]);
    for (const b of blocksOf(np)) {
      const [base, bits] = b.cidr.split('/');
      const covers = (ip: string) => { const n = (s: string) => s.split('.').reduce((a, x) => a * 256 + Number(x), 0); const m = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits)); return (n(ip) & m) >>> 0 === (n(base) & m) >>> 0; };
      if (covers('169.254.169.254')) expect(b.except.some((e: string) => ['169.254.169.254/32', '169.254.0.0/16'].includes(e))).toBe(true);
      // The API server rejects an except outside its CIDR.
      for (const e of b.except ?? []) expect(`${e} in ${b.cidr}: ${covers(e.split('/')[0])}`).toBe(`${e} in ${b.cidr}: true`);
    }
  });

  test('namespaces: restricted Pod Security by default, existing ones labelled not created, relaxations reasoned and reported', () => {
    expect(platform.kubernetes_namespace_v1.payments.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
    expect(platform.kubernetes_namespace_v1.default).toBeUndefined();
    expect(platform.kubernetes_labels.default).toMatchObject({ kind: 'Namespace', metadata: { name: 'default' } });
    const relaxed = exampleInput();
    relaxed.clusters[0].namespaces = { payments: { podSecurity: 'baseline', reason: 'a sidecar needs NET_BIND_SERVICE' } };
    expect(validateConfig(relaxed).warnings.map((w) => w.path)).toContain('clusters[0].namespaces.payments.podSecurity');
    expect(stackJson(synthTo(relaxed), 'production-cluster-platform').resource.kubernetes_namespace_v1.payments.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    relaxed.clusters[0].namespaces.payments.reason = undefined;
    expect(validateConfig(relaxed).problems.map((p) => p.path)).toEqual(['clusters[0].namespaces.payments.reason']);
  });

  // A namespace eksguard does not create holds pods it does not know: by default its baseline
  // reaches only eksguard's workloads there, and namespace-wide only when the config says so.
  describe('namespaces eksguard does not create', () => {
    const PSA = 'pod-security.kubernetes.io/';
    const BASELINE = ['default-deny', 'allow-dns', 'allow-aws-endpoints'];
    const selectorsIn = (resource: any, ns: string) => Object.fromEntries(BASELINE.map((p) => [p, resource.kubernetes_network_policy_v1[`${ns}_${p}`].spec.pod_selector]));

    test('default: the baseline policies select only eksguard\'s workloads there, Pod Security is audited and warned, not enforced, and the synth says so', () => {
      const onlySvcTest = { match_expressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['svc-test'] }] };
      expect(selectorsIn(platform, 'default')).toEqual(Object.fromEntries(BASELINE.map((p) => [p, onlySvcTest])));
      expect(Object.keys(platform.kubernetes_labels.default.labels).filter((k) => k.startsWith(`${PSA}enforce`))).toEqual([]);
      expect(platform.kubernetes_labels.default.labels).toMatchObject({ [`${PSA}audit`]: 'restricted', [`${PSA}warn`]: 'restricted' });
      // Namespaces eksguard creates keep every pod behind the baseline, enforced.
      expect(selectorsIn(platform, 'payments')).toEqual(Object.fromEntries(BASELINE.map((p) => [p, {}])));
      expect(platform.kubernetes_namespace_v1.payments.metadata.labels[`${PSA}enforce`]).toBe('restricted');
      const warning = validateConfig(exampleInput()).warnings.find((w) => w.path === 'clusters[0].namespaces.default');
      expect(warning?.message).toMatch(/^namespace default is not created by eksguard: its baseline network policies .* select only eksguard's workloads there \(svc-test\), and Pod Security restricted is audited and warned, not enforced.*scope: namespace/);
    });

    test('an existing namespace: labelled, not created, its policies select every eksguard workload in it and nothing else', () => {
      const input = exampleInput();
      input.clusters[0].namespaces = { payments: { existing: true } };
      input.clusters[0].workloads.push({ name: 'app-ledger', namespace: 'payments', sqs: [{ queue: 'ledger', access: 'send' }] });
      const r = stackJson(synthTo(input), 'production-cluster-platform').resource;
      expect(r.kubernetes_namespace_v1.payments).toBeUndefined();
      expect(r.kubernetes_labels.payments.metadata).toEqual({ name: 'payments' });
      expect(r.kubernetes_labels.payments.labels[`${PSA}enforce`]).toBeUndefined();
      expect(selectorsIn(r, 'payments')['default-deny']).toEqual({ match_expressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['app-ledger', 'app-sqs-consumer'] }] });
      expect(validateConfig(input).warnings.map((w) => w.path)).toContain('clusters[0].namespaces.payments');
    });

    test('a relaxed level there is reported as audited and warned, since it is not enforced; enforced with scope: namespace', () => {
      const relaxed = (scope?: string) => {
        const input = exampleInput();
        input.clusters[0].namespaces = { payments: { existing: true, podSecurity: 'baseline', reason: 'a sidecar needs NET_BIND_SERVICE', ...(scope === undefined ? {} : { scope }) } };
        const labels = stackJson(synthTo(input), 'production-cluster-platform').resource.kubernetes_labels.payments.labels;
        return { labels, warning: validateConfig(input).warnings.find((w) => w.path === 'clusters[0].namespaces.payments.podSecurity')?.message };
      };
      const workloadsOnly = relaxed();
      expect(workloadsOnly.labels[`${PSA}enforce`]).toBeUndefined();
      expect(workloadsOnly.labels[`${PSA}audit`]).toBe('baseline');
      expect(workloadsOnly.warning).toBe('namespace payments audits and warns baseline, not restricted (reason: a sidecar needs NET_BIND_SERVICE)');
      const everyPod = relaxed('namespace');
      expect(everyPod.labels[`${PSA}enforce`]).toBe('baseline');
      expect(everyPod.warning).toBe('namespace payments enforces baseline, not restricted (reason: a sidecar needs NET_BIND_SERVICE)');
    });

    test('scope: namespace applies the baseline to every pod and enforces Pod Security, with a warning stating the impact on every synth', () => {
      const input = exampleInput();
      input.clusters[0].namespaces = { default: { scope: 'namespace' } };
      const r = stackJson(synthTo(input), 'production-cluster-platform').resource;
      expect(selectorsIn(r, 'default')).toEqual(Object.fromEntries(BASELINE.map((p) => [p, {}])));
      expect(r.kubernetes_labels.default.labels[`${PSA}enforce`]).toBe('restricted');
      const w = validateConfig(input).warnings;
      expect(w.map((x) => x.path)).not.toContain('clusters[0].namespaces.default');
      expect(w.find((x) => x.path === 'clusters[0].namespaces.default.scope')?.message).toMatch(/every pod in it, including pods eksguard does not manage, loses all traffic that no NetworkPolicy admits.*new pods that do not meet the restricted Pod Security Standard are refused/);
    });

    test('kube-* namespaces are never labelled or given policies; RBAC there is written with the literal name', () => {
      const input = exampleInput();
      input.clusters[0].rbac.groups.developers.namespaces = ['production', 'kube-system'];
      const r = stackJson(synthTo(input), 'production-cluster-platform').resource;
      expect(Object.keys(r.kubernetes_labels)).toEqual(['default']);
      expect(Object.keys(r.kubernetes_namespace_v1).sort()).toEqual(['orders', 'payments', 'production']);
      expect(Object.keys(r.kubernetes_network_policy_v1).filter((k) => k.startsWith('kube-'))).toEqual([]);
      expect(r.kubernetes_role_v1['kube-system_developers'].metadata.namespace).toBe('kube-system');
      expect(r.kubernetes_role_binding_v1['kube-system_developers'].metadata.namespace).toBe('kube-system');
    });

    test.each<[string, (c: any) => void, string, RegExp]>([
      ['namespaces lists kube-system', (c) => (c.clusters[0].namespaces = { 'kube-system': { podSecurity: 'privileged', reason: 'the CNI runs privileged here' } }), 'clusters[0].namespaces.kube-system', /namespace of Kubernetes itself \(kube-\*\): eksguard never labels one/],
      ['namespaces lists another kube-* namespace', (c) => (c.clusters[0].namespaces = { 'kube-addons': { existing: true } }), 'clusters[0].namespaces.kube-addons', /namespace of Kubernetes itself/],
      ['scope is set on a namespace eksguard creates', (c) => (c.clusters[0].namespaces = { payments: { scope: 'workloads' } }), 'clusters[0].namespaces.payments.scope', /applies only to a namespace eksguard does not create/],
      ['a workload lives in a kube-* namespace', (c) => (c.clusters[0].workloads[0].namespace = 'kube-addons'), 'clusters[0].workloads[0].namespace', /kube-\* namespace/],
    ])('fails when %s', (_name, change, path, message) => {
      const input = exampleInput();
      change(input);
      const problems = validateConfig(input).problems;
      expect(problems.map((p) => p.path)).toEqual([path]);
      expect(problems[0].message).toMatch(message);
    });
  });

  // "latest" changes what Pod Security admits with every control-plane upgrade: every *-version
  // label names the cluster's own minor version instead.
  describe('Pod Security versions are pinned to the cluster\'s minor version', () => {
    const psaLabels = (r: any) => [
      ...Object.values(r.kubernetes_namespace_v1 ?? {}).map((n: any) => [n.metadata.name, n.metadata.labels]),
      ...Object.values(r.kubernetes_labels ?? {}).map((n: any) => [n.metadata.name, n.labels]),
    ].map(([name, labels]: any) => [name, Object.fromEntries(Object.entries(labels).filter(([k]) => k.startsWith('pod-security.kubernetes.io/') && k.endsWith('-version')))]);

    test('on a created cluster: enforce, audit and warn at v<kubernetesVersion>, audit and warn only where nothing is enforced', () => {
      const pinned = { 'pod-security.kubernetes.io/enforce-version': 'v1.33', 'pod-security.kubernetes.io/audit-version': 'v1.33', 'pod-security.kubernetes.io/warn-version': 'v1.33' };
      expect(Object.fromEntries(psaLabels(platform))).toEqual({
        orders: pinned, payments: pinned, production: pinned,
        default: { 'pod-security.kubernetes.io/audit-version': 'v1.33', 'pod-security.kubernetes.io/warn-version': 'v1.33' },
      });
      const older = exampleInput();
      older.clusters[0].kubernetesVersion = '1.31';
      const r = stackJson(synthTo(older), 'production-cluster-platform').resource;
      expect([...new Set(psaLabels(r).flatMap(([, l]: any) => Object.values(l)))]).toEqual(['v1.31']);
    });

    test('on an existing cluster, kubernetesVersion is accepted and only pins the labels', () => {
      const input = existingClusterInput();
      input.clusters[0].kubernetesVersion = '1.32';
      expect(validateConfig(input).problems).toEqual([]);
      const dir = synthTo(input);
      expect([...new Set(psaLabels(stackJson(dir, 'production-cluster-platform').resource).flatMap(([, l]: any) => Object.values(l)))]).toEqual(['v1.32']);
      expect(JSON.stringify(stackJson(dir, 'production-cluster'))).not.toContain('1.32');
    });

    test('fails when an existing cluster whose namespaces eksguard labels has no kubernetesVersion, and says why', () => {
      const input = existingClusterInput();
      delete input.clusters[0].kubernetesVersion;
      const problems = validateConfig(input).problems;
      expect(problems.map((p) => p.path)).toEqual(['clusters[0].kubernetesVersion']);
      expect(problems[0].message).toMatch(/required for an existing cluster whose namespaces eksguard labels \(default, orders, payments, production\): their Pod Security labels pin the policy version/);
      // Nothing labelled (no workloads, no RBAC): nothing to pin, nothing required.
      input.clusters[0].workloads = [];
      input.clusters[0].rbac = { groups: {} };
      expect(validateConfig(input).problems).toEqual([]);
    });
  });

  test('RBAC: the developers group reads deployments, replica sets, pods and logs in its namespaces; exec only with a reason', () => {
    const role = platform.kubernetes_role_v1.production_developers;
    expect(role.rule).toEqual([
      { api_groups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch'] },
      { api_groups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(platform.kubernetes_role_binding_v1.production_developers.subject).toEqual([{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'developers' }]);
    expect(role.metadata.namespace).toBe('${kubernetes_namespace_v1.production.metadata[0].name}');
    const withExec = exampleInput();
    withExec.clusters[0].rbac.groups.developers.exec = { reason: 'on-call debugging of production pods' };
    expect(validateConfig(withExec).warnings.map((w) => w.path)).toContain('clusters[0].rbac.groups.developers.exec');
    expect(stackJson(synthTo(withExec), 'production-cluster-platform').resource.kubernetes_role_v1.production_developers.rule[2]).toEqual({ api_groups: [''], resources: ['pods/exec'], verbs: ['create'] });
    const unknown = exampleInput();
    unknown.clusters[0].rbac.groups.operators = { namespaces: ['payments'] };
    expect(validateConfig(unknown).problems.map((p) => p.path)).toEqual(['clusters[0].rbac.groups.operators']);
  });

  test('the workload\'s own security group: DNS with the nodes, HTTPS to the endpoints, S3, the flow and the database rule, both ends, all described', () => {
    const rules = blocks(stackJson(out, 'production-cluster-workloads')).filter((b) => /^aws_vpc_security_group_(ingress|egress)_rule$/.test(b.type));
    expect(rules.map((r) => r.name).sort()).toEqual([
      'orders_orders-api_aws-endpoints', 'orders_orders-api_dns-tcp', 'orders_orders-api_dns-udp', 'orders_orders-api_endpoints-from-pods',
      'orders_orders-api_flow-my-app-8080', 'orders_orders-api_flow-my-app-8080-in', 'orders_orders-api_nodes-dns-tcp-from-pods', 'orders_orders-api_nodes-dns-udp-from-pods',
      'orders_orders-api_s3', 'orders_orders-api_to-sg-0db0123456789abcd-tcp-5432',
    ]);
    // Both ends: CoreDNS's and the endpoints' groups accept the pods' group; the flow to my-app (behind the node group) too.
    const ingress = workloads.aws_vpc_security_group_ingress_rule;
    expect(ingress['orders_orders-api_nodes-dns-udp-from-pods']).toMatchObject({ from_port: 53, ip_protocol: 'udp', referenced_security_group_id: '${aws_security_group.orders_orders-api.id}' });
    expect(ingress['orders_orders-api_flow-my-app-8080-in']).toMatchObject({ from_port: 8080, referenced_security_group_id: '${aws_security_group.orders_orders-api.id}' });
    expect(ingress['orders_orders-api_endpoints-from-pods'].security_group_id).toMatch(/cross-stack-output-aws_security_groupendpoints/);
    for (const r of rules) expect(r.body.description).toMatch(/^\S.{9,}/);
    expect(workloads.aws_vpc_security_group_egress_rule['orders_orders-api_to-sg-0db0123456789abcd-tcp-5432']).toMatchObject({ referenced_security_group_id: 'sg-0db0123456789abcd', from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    // Created cluster: the node group comes from the cluster stack.
    expect(workloads.aws_vpc_security_group_egress_rule['orders_orders-api_dns-udp'].referenced_security_group_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-cluster\.outputs\./);
    expect(workloads.kubernetes_manifest['orders_orders-api_security-groups'].manifest.spec.securityGroups.groupIds).toEqual(['${aws_security_group.orders_orders-api.id}']);
  });

  test('a flow on one port over TCP and UDP is two rules with their protocols (each end), TCP keeping its address', () => {
    const input = exampleInput();
    const myApp = input.clusters[0].workloads[1];
    myApp.network.ingress = [{ fromApp: 'orders-api', port: 5353 }, { fromApp: 'orders-api', port: 5353, protocol: 'UDP' }];
    const res = stackJson(synthTo(input), 'production-cluster-workloads').resource;
    const egress = res.aws_vpc_security_group_egress_rule;
    const ingress = res.aws_vpc_security_group_ingress_rule;
    expect(egress['orders_orders-api_flow-my-app-5353']).toMatchObject({ ip_protocol: 'tcp', from_port: 5353, to_port: 5353 });
    expect(egress['orders_orders-api_flow-my-app-udp-5353']).toMatchObject({ ip_protocol: 'udp', from_port: 5353, to_port: 5353 });
    expect(ingress['orders_orders-api_flow-my-app-5353-in']).toMatchObject({ ip_protocol: 'tcp' });
    expect(ingress['orders_orders-api_flow-my-app-udp-5353-in']).toMatchObject({ ip_protocol: 'udp' });
  });

  test('fails when a flow reaches the security group of another workload with the same name in another namespace', () => {
    // orders-api (own group) is a client of production/my-app, which has no group of its own; a
    // second my-app in payments has one. The flow goes to the node group my-app sits behind,
    // never to payments/my-app's group; the same config with distinct names gives the same rule.
    const rulesOf = (secondName: string) => {
      const input = exampleInput();
      const ws = input.clusters[0].workloads;
      ws.push({ name: secondName, namespace: 'payments', serviceAccount: 'second', securityGroup: { probePorts: [8080] } });
      const res = stackJson(synthTo(input), 'production-cluster-workloads').resource;
      return { egress: res.aws_vpc_security_group_egress_rule['orders_orders-api_flow-my-app-8080'], ingress: res.aws_vpc_security_group_ingress_rule['orders_orders-api_flow-my-app-8080-in'] };
    };
    const shared = rulesOf('my-app');
    const distinct = rulesOf('other-app');
    expect(distinct.egress.referenced_security_group_id).not.toMatch(/aws_security_group\.payments_/);
    expect(shared.egress.referenced_security_group_id).toBe(distinct.egress.referenced_security_group_id);
    expect(shared.ingress.security_group_id).toBe(distinct.ingress.security_group_id);
  });

  // The VPC CNI enforces the pod security group and the namespace's NetworkPolicies both: a
  // declared security-group egress needs its NetworkPolicy egress, or the namespace's default deny drops it.
  describe('securityGroup.egress also gets its NetworkPolicy egress', () => {
    const egressPolicy = (dir: string, stack = 'production-cluster-workloads') => stackJson(dir, stack).resource.kubernetes_network_policy_v1['orders_orders-api_security-group-egress'];
    const onlyTheWorkload = { match_labels: { 'app.kubernetes.io/name': 'orders-api' } };

    test('to the VPC CIDR by default: the declared port and protocol only, for the workload\'s pods only', () => {
      const np = workloads.kubernetes_network_policy_v1['orders_orders-api_security-group-egress'];
      expect(np.metadata).toMatchObject({ namespace: 'orders', name: 'eksguard-orders-api-security-group-egress' });
      expect(np.spec).toEqual({
        pod_selector: onlyTheWorkload,
        policy_types: ['Egress'],
        egress: [{ ports: [{ port: '5432', protocol: 'TCP' }], to: [{ ip_block: { cidr: '10.0.0.0/16' } }] }],
      });
      // Workloads without a securityGroup get none.
      expect(Object.keys(workloads.kubernetes_network_policy_v1).filter((k) => k.endsWith('_security-group-egress'))).toEqual(['orders_orders-api_security-group-egress']);
    });

    test('to the declared cidr, one rule per security-group rule with its own port and protocol', () => {
      const input = exampleInput();
      input.clusters[0].workloads[3].securityGroup.egress = [
        { toSecurityGroupId: 'sg-0db0123456789abcd', port: 5432, description: 'PostgreSQL on the orders database', cidr: '10.0.20.0/22' },
        { toSecurityGroupId: 'sg-0cac4e123456789ab', port: 11211, protocol: 'udp', description: 'memcached on the orders cache', cidr: '10.0.40.0/24' },
      ];
      const dir = synthTo(input);
      const sgRules = stackJson(dir, 'production-cluster-workloads').resource.aws_vpc_security_group_egress_rule;
      expect(sgRules['orders_orders-api_to-sg-0cac4e123456789ab-udp-11211']).toMatchObject({ ip_protocol: 'udp', from_port: 11211, to_port: 11211, referenced_security_group_id: 'sg-0cac4e123456789ab' });
      expect(egressPolicy(dir).spec).toEqual({
        pod_selector: onlyTheWorkload,
        policy_types: ['Egress'],
        egress: [
          { ports: [{ port: '11211', protocol: 'UDP' }], to: [{ ip_block: { cidr: '10.0.40.0/24' } }] },
          { ports: [{ port: '5432', protocol: 'TCP' }], to: [{ ip_block: { cidr: '10.0.20.0/22' } }] },
        ],
      });
    });

    // The node group's reasoned internet egress is mirrored on the pods' group: its reason is free text, EC2's description is not.
    test('the pods\' internet egress rule keeps its reason within what EC2 accepts in a description', () => {
      const input = exampleInput();
      input.clusters[0].network.nodeInternetEgress = { reason: 'pulls "public" images from Docker Hub — 100% of them' };
      const rule = stackJson(synthTo(input), 'production-cluster-workloads').resource.aws_vpc_security_group_egress_rule['orders_orders-api_to-internet-443'];
      expect(rule).toMatchObject({ cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
      expect(rule.description).toBe('HTTPS to the internet through NAT (opt-out: pulls public images from Docker Hub 100 of them)');
      expect(rule.description).toMatch(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/);
    });

    test('on an existing cluster, to existing.vpcCidr by default', () => {
      const input = existingClusterInput();
      input.clusters[0].existing.vpcCidr = '10.1.0.0/16';
      expect(egressPolicy(synthTo(input)).spec.egress).toEqual([{ ports: [{ port: '5432', protocol: 'TCP' }], to: [{ ip_block: { cidr: '10.1.0.0/16' } }] }]);
    });
  });
});
