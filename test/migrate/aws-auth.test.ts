import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { validateConfig } from '../../src/config';
import { migrateAwsAuth, renderMigration } from '../../src/migrate/aws-auth';
import { exampleInput } from '../support/synth';

const EXAMPLE = path.join(__dirname, '../../examples/aws-auth.yaml');
const migration = migrateAwsAuth(readFileSync(EXAMPLE, 'utf8'));
const messages = (p: string) => migration.findings.filter((f) => f.path === p).map((f) => f.message).join('\n');

describe('migrate-aws-auth', () => {
  test('converts role and user mappings into access entries, keyed and sorted by principal', async () => {
    expect(migration.entries).toEqual([
      { principalArn: 'arn:aws:iam::123456789012:role/DeveloperRole', userName: 'developer', kubernetesGroups: ['developers'] },
      { principalArn: 'arn:aws:iam::123456789012:role/sso-infra-platform', userName: 'platform-admin', accessPolicy: 'AmazonEKSClusterAdminPolicy', breakGlass: { reason: '' } },
      { principalArn: 'arn:aws:iam::123456789012:user/ci-deployer', userName: 'ci-deployer', kubernetesGroups: ['deployers'] },
    ]);
  });

  test('flags system:masters, node roles, custom groups and whole-account mappings', async () => {
    expect(messages('mapRoles[1]')).toMatch(/system:masters, which eksguard refuses/);
    expect(messages('mapRoles[0]')).toMatch(/node role .* not converted/);
    expect(messages('mapRoles[2]')).toMatch(/group developers grants only what RoleBindings/);
    expect(messages('mapAccounts')).toMatch(/whole accounts/);
  });

  test('the printed config fails validation until the system:masters entry gets a reason, then passes', async () => {
    const pasted = exampleInput();
    pasted.clusters[0].access = parse(renderMigration(migration)).access;
    const r = validateConfig(pasted);
    expect(r.problems.map((p) => p.path)).toEqual(['clusters[0].access.entries[1].breakGlass.reason']);
    pasted.clusters[0].access.entries[1].breakGlass.reason = 'platform on-call, MFA-enforced SSO role';
    expect(validateConfig(pasted).problems).toEqual([]);
  });

  test('turns session ARNs into roles, merges repeated principals and drops reserved groups', async () => {
    const m = migrateAwsAuth(`data:
  mapRoles: |
    - rolearn: arn:aws:sts::123456789012:assumed-role/Admin/alice
      groups: [ops]
    - rolearn: arn:aws:iam::123456789012:role/Admin
      groups: [audit, system:authenticated]
`);
    expect(m.entries).toEqual([{ principalArn: 'arn:aws:iam::123456789012:role/Admin', kubernetesGroups: ['audit', 'ops'] }]);
    expect(m.findings.map((f) => f.message).join('\n')).toMatch(/session .* became arn:aws:iam::123456789012:role\/Admin[\s\S]*second time[\s\S]*system:authenticated is reserved/);
  });

  test('refuses a file that is not the aws-auth ConfigMap', async () => {
    expect(() => migrateAwsAuth('kind: Deployment\n')).toThrow(/not the aws-auth ConfigMap/);
    expect(() => migrateAwsAuth('data:\n  other: x\n')).toThrow(/no mapRoles, mapUsers or mapAccounts/);
  });

  test('the CLI prints the config on stdout and findings on stderr; exit 1 on a wrong file, 2 without one', async () => {
    let stdout = '';
    let stderr = '';
    const run = async (args: string[]) => (await main(args, { write: (s: string) => ((stdout += s), true) } as never, { write: (s: string) => ((stderr += s), true) } as never));
    expect((await run(['migrate-aws-auth', EXAMPLE]))).toBe(0);
    expect(parse(stdout).access.entries).toHaveLength(3);
    expect(stderr).toContain('finding [mapRoles[1]] grants system:masters');
    expect((await run(['migrate-aws-auth', path.join(__dirname, '../../package.json')]))).toBe(1);
    expect((await run(['migrate-aws-auth']))).toBe(2);
  });
});
