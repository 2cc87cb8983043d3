/**
 * The rule pack reads a policy text once per document and attribute, and rules answer questions
 * about one policy object once (perPolicy): eksguard's stacks hold thousands of roles whose policies
 * repeat. These pin what those memos are keyed on, so a shared read never stands for a text it is
 * not: what a text refers to is its document's, the attribute names the read, a policy that is only
 * a permissions boundary grants nothing wherever its text is also attached, and a rule's answer
 * about a policy is never another policy's.
 */
import { documentOf, RULES, runRules, TfDocument } from '../../src/rules';
import { policySize } from '../../src/rules/model';

type Json = Record<string, unknown>;

const policy = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const findings = (docs: TfDocument[], rule?: string) =>
  runRules(rule === undefined ? RULES : RULES.filter((r) => r.id === rule), docs)
    .findings.map((f) => `${f.stack}/${f.address} ${f.ruleId}`)
    .sort();
const doc = (stack: string, resource: Json, locals?: Json) => documentOf({ resource, locals }, stack, `${stack}.tf.json`);

describe('a policy text read once per document', () => {
  // The same text refers to each document's own locals: `*` in one, one action in the other, in either order.
  const text = policy('${local.action}');
  const open = () => doc('open', { aws_iam_role_policy: { p: { role: 'r', policy: text } } }, { action: '*' });
  const narrow = () => doc('narrow', { aws_iam_role_policy: { p: { role: 'r', policy: text } } }, { action: 's3:GetObject' });
  test.each([
    ['open first', () => [open(), narrow()]],
    ['narrow first', () => [narrow(), open()]],
  ])('the same text reads each document\'s locals (%s)', (_order, docs) => {
    expect(findings(docs(), 'CKV_AWS_62')).toEqual(['open/aws_iam_role_policy.p CKV_AWS_62']);
  });

  test('every block holding the text is judged (not only the first)', () => {
    const d = doc('s', { aws_iam_role_policy: { a: { role: 'r', policy: policy('*') }, b: { role: 'r', policy: policy('*') }, c: { role: 'r', policy: policy('s3:GetObject') } } });
    expect(findings([d], 'CKV_AWS_62')).toEqual(['s/aws_iam_role_policy.a CKV_AWS_62', 's/aws_iam_role_policy.b CKV_AWS_62']);
  });

  test('the same text under two attributes is read under each (the reason names its attribute)', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '${var.who}' }, Action: 'sts:AssumeRole', Resource: '${var.what}' }] });
    const d = doc('s', { aws_iam_role: { r: { name: 'r', assume_role_policy: text } }, aws_iam_role_policy: { p: { role: 'r', policy: text } } });
    const messages = runRules(RULES.filter((r) => r.id === 'POLICY-UNRESOLVED'), [d]).findings.map((f) => `${f.address}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^aws_iam_role\.r: .*: assume_role_policy holds expressions/),
      expect.stringMatching(/^aws_iam_role_policy\.p: .*: policy holds expressions/),
    ]);
  });

  test('an unresolved text is reported on every block that holds it', () => {
    const d = doc('s', { aws_iam_role_policy: { a: { role: 'r', policy: '${var.p}' }, b: { role: 'r', policy: '${var.p}' } } });
    expect(findings([d], 'POLICY-UNRESOLVED')).toEqual(['s/aws_iam_role_policy.a POLICY-UNRESOLVED', 's/aws_iam_role_policy.b POLICY-UNRESOLVED']);
  });
});

describe('an interpolation rendered once per document', () => {
  // Two texts of a document name one local: each reads it; another document's same name is its own.
  test('the same interpolation in different texts and documents', () => {
    const texts = { a: { role: 'r', policy: policy('${local.action}') }, b: { role: 'r', policy: policy('${local.action}', 'arn:aws:s3:::b/*') } };
    const wide = doc('wide', { aws_iam_role_policy: texts }, { action: 'iam:*' });
    const narrow = doc('narrow', { aws_iam_role_policy: texts }, { action: 'iam:GetRole' });
    expect(findings([narrow, wide], 'CKV2_AWS_40')).toEqual(['wide/aws_iam_role_policy.a CKV2_AWS_40', 'wide/aws_iam_role_policy.b CKV2_AWS_40']);
  });

  test('a local that refers to itself is reported on every block that reads it, never remembered as read', () => {
    const d = doc('s', { aws_iam_role_policy: { a: { role: 'r', policy: policy('${local.loop}') }, b: { role: 'r', policy: policy('${local.loop}', 'arn:aws:s3:::b/*') } } }, { loop: '${local.loop}' });
    const run = runRules(RULES.filter((r) => r.id === 'CKV_AWS_62' || r.id === 'POLICY-UNRESOLVED'), [d]).findings;
    expect(run.map((f) => `${f.address} ${f.ruleId} ${/refers to itself/.test(f.message)}`)).toEqual([
      'aws_iam_role_policy.a CKV_AWS_62 true',
      'aws_iam_role_policy.a POLICY-UNRESOLVED true',
      'aws_iam_role_policy.b CKV_AWS_62 true',
      'aws_iam_role_policy.b POLICY-UNRESOLVED true',
    ]);
  });
});

describe('a rule answers once per policy object', () => {
  // The boundary and the attached policy hold the same text, so they share one policy object: the
  // boundary alone grants nothing (grantedPolicy), the attached one is judged, in either order.
  const admin = policy('*');
  const resources = (boundaryFirst: boolean): Json => {
    const boundary = { boundary: { name: 'boundary', policy: admin } };
    const attached = { granted: { name: 'granted', policy: admin } };
    return {
      aws_iam_policy: boundaryFirst ? { ...boundary, ...attached } : { ...attached, ...boundary },
      aws_iam_role: { r: { name: 'r', assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), permissions_boundary: '${aws_iam_policy.boundary.arn}' } },
      aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: '${aws_iam_policy.granted.arn}' } },
    };
  };
  test.each([true, false])('a boundary-only policy sharing an attached policy\'s text (boundary first: %s)', (boundaryFirst) => {
    const rules = ['CKV_AWS_62', 'CKV_AWS_355', 'CKV_AWS_286', 'AWS-0057', 'CKV_AWS_63'];
    const got = findings([doc('s', resources(boundaryFirst))]).filter((f) => rules.some((r) => f.endsWith(` ${r}`)));
    expect(got).toEqual(rules.map((r) => `s/aws_iam_policy.granted ${r}`).sort());
  });

  test('trusts that differ only in the service account: each role\'s claims are its own', () => {
    const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789';
    const trust = (sub: string) => JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${issuer}:aud`]: 'sts.amazonaws.com', [`${issuer}:sub`]: sub } } }] });
    const roles = { a: { name: 'a', assume_role_policy: trust('system:serviceaccount:team:a') }, wide: { name: 'wide', assume_role_policy: trust('system:serviceaccount:team:*') }, b: { name: 'b', assume_role_policy: trust('system:serviceaccount:team:b') } };
    expect(findings([doc('s', { aws_iam_role: roles })], 'BPG-IRSA-SUB-NS-WIDE')).toEqual(['s/aws_iam_role.wide BPG-IRSA-SUB-NS-WIDE']);
  });

  test('two policies of one document: each answer is its own', () => {
    const d = doc('s', { aws_iam_role_policy: { wide: { role: 'r', policy: policy('iam:PassRole', '*') }, narrow: { role: 'r', policy: policy('s3:GetObject', 'arn:aws:s3:::b/*') } } });
    expect(findings([d]).filter((f) => f.endsWith(' AA-PASSROLE-STAR') || f.endsWith(' CKV_AWS_286'))).toEqual(['s/aws_iam_role_policy.wide AA-PASSROLE-STAR', 's/aws_iam_role_policy.wide CKV_AWS_286']);
  });
});

describe('policySize', () => {
  // IAM counts characters without whitespace; compact text is counted as it is, without a copy.
  test.each([
    ['{"a":1}', 7],
    [' { "a" : 1 }\n', 7],
    ['{"a":"x\ty"}', 10],
    ['', 0],
  ])('%j is %i characters', (text, size) => {
    expect(policySize(text)).toBe(size);
  });
});
