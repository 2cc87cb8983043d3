/**
 * checkov's own fixtures for the rules both tools have (hand-converted to Terraform JSON; sources,
 * commits and licence in test/data/checkov/SOURCES.md): on each, eksguard fails exactly the
 * resources checkov fails.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { documentOf, RULES, runRules } from '../../src/rules';

const DIR = path.join(__dirname, '../data/checkov');
const expected: Record<string, { pass: string[]; fail: string[] }> = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
/** checkov ids whose condition an eksguard rule of another id covers. */
const SAME_AS: Record<string, string> = { CKV_AWS_25: 'CKV_AWS_24' };
/**
 * Where eksguard reports a failing resource through another rule. CKV_AWS_33's fail_0 policy has a
 * trailing comma: checkov parses it leniently, IAM would reject it, eksguard reports it unanalysable.
 */
const REPORTED_BY: Record<string, Record<string, string>> = { CKV_AWS_33: { 'aws_kms_key.fail_0': 'POLICY-UNRESOLVED' } };
/** Deliberate differences, where AWS does not do what checkov assumes: resources checkov passes that eksguard fails, with why. */
const FAILED_DELIBERATELY: Record<string, Record<string, string>> = {
  CKV_AWS_24: { 'aws_security_group.pass_self2': 'self = true adds the group itself as a source beside cidr_blocks; it does not replace them, so 0.0.0.0/0 is still admitted' },
};

describe.each(Object.keys(expected))('checkov fixture %s', (id) => {
  test('eksguard fails exactly the resources checkov fails', () => {
    const rule = RULES.find((r) => r.id === (SAME_AS[id] ?? id));
    expect(rule).toBeDefined();
    const doc = documentOf(JSON.parse(readFileSync(path.join(DIR, `${id}.tf.json`), 'utf8')), id, `${id}.tf.json`);
    const deliberate = FAILED_DELIBERATELY[id] ?? {};
    const all = runRules([rule!], [doc]).findings.map((f) => f.address).sort();
    expect(all).toEqual(expect.arrayContaining(Object.keys(deliberate)));
    const failed = all.filter((a) => deliberate[a] === undefined);
    const { pass, fail } = expected[id];
    const elsewhere = REPORTED_BY[id] ?? {};
    expect(failed.filter((a) => pass.includes(a) || fail.includes(a))).toEqual(fail.filter((a) => elsewhere[a] === undefined).sort());
    for (const [address, other] of Object.entries(elsewhere)) {
      expect(runRules(RULES.filter((r) => r.id === other), [doc]).findings.map((f) => f.address)).toContain(address);
    }
  });
});
