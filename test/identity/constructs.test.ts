import { Testing, TerraformStack } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { OidcProvider, IrsaRole, validateConfig, buildApp } from '../../src';
import { exampleInput } from '../../bench/generate';

describe('OidcProvider', () => {
  test('normalises a literal issuer and registers only sts.amazonaws.com', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const p = new OidcProvider(stack, 'prod', { issuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/' });
    expect(p.issuer).toBe('oidc.eks.us-east-1.amazonaws.com/id/ABC');
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.resource.aws_iam_openid_connect_provider.prod).toMatchObject({ url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC', client_id_list: ['sts.amazonaws.com'] });
  });

  test('works with the issuer of a cluster created in the same stack', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const cluster = new DataAwsEksCluster(stack, 'prod_cluster', { name: 'prod' });
    const issuerUrl = '${data.aws_eks_cluster.prod_cluster.identity[0].oidc[0].issuer}';
    const p = new OidcProvider(stack, 'prod', { issuerUrl: cluster.identity.get(0).oidc.get(0).issuer });
    new IrsaRole(stack, 'app', { provider: p, namespace: 'ns', serviceAccount: 'app', roleName: 'app' });
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.resource.aws_iam_openid_connect_provider.prod.url).toBe(issuerUrl);
    const trust = doc.resource.aws_iam_role.app.assume_role_policy as string;
    expect(trust).toContain('"Federated":"${aws_iam_openid_connect_provider.prod.arn}"');
    expect(trust).toContain('"${local.prod_issuer}:sub":"system:serviceaccount:ns:app"');
    expect(trust).not.toContain('\\"'); // no escaped quotes inside Terraform expressions
    expect(doc.locals.prod_issuer).toBe('${replace(data.aws_eks_cluster.prod_cluster.identity[0].oidc[0].issuer, "https://", "")}');
    expect(Testing.synth(stack)).not.toContain('https://${');
  });
});

describe('library use with a TypeScript object', () => {
  test('validates and builds an app from an object', () => {
    const r = validateConfig(exampleInput());
    const app = buildApp(r.config!, { outdir: require('os').tmpdir() });
    expect(app.node.children.map((c) => c.node.id)).toEqual(['production-cluster', 'production-cluster-platform', 'production-cluster-workloads']);
    const cluster = app.node.children[0] as TerraformStack;
    expect(cluster.node.findAll().some((c) => c instanceof IamOpenidConnectProvider)).toBe(true);
  });
});

describe('constructs used in a stack of your own', () => {
  // Every eksguard construct makes its own strings data; the stack's other resources are the app's business.
  test('escape the template syntax in their props, and leave the rest of the stack alone', () => {
    const stack = new TerraformStack(Testing.app(), 'mine');
    const provider = OidcProvider.fromArn('arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC');
    new IrsaRole(stack, 'app', { provider, namespace: 'ns', serviceAccount: 'app', roleName: 'app', tags: { note: 'x ${file("/etc/passwd")}' } });
    new IamOpenidConnectProvider(stack, 'theirs', { url: 'https://example.com/${var.suffix}', clientIdList: ['sts.amazonaws.com'] });
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.resource.aws_iam_role.app.tags.note).toBe('x $${file("/etc/passwd")}');
    expect(doc.resource.aws_iam_openid_connect_provider.theirs.url).toBe('https://example.com/${var.suffix}');
  });
});
