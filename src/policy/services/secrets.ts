/**
 * Secrets Manager and SSM Parameter Store: read one named secret or parameter at a time.
 * A secret name becomes `…:secret:<name>-??????` (Secrets Manager appends a random 6-character suffix).
 * The pods do not call either service: the Secrets Store CSI AWS provider fetches them with the
 * pod's identity and mounts them. A secret of another account gets a statement in its own policy,
 * and its customer key a KMS grant.
 */
import { accountOfArn, parseArn } from '../../aws/arn';
import type { Problem } from '../../config/problems';
import type { AwsContext, Grant } from '../document';
import type { FamilyOf, ResourceRef, ResourceSide } from './index';
import { keyRef, kmsGrants, kmsGrantSide } from './kms';

export function secretArn(ctx: AwsContext, nameOrArn: string): string {
  // An ARN copied from the console ends with the 6-character suffix; a partial one (name only)
  // matches no real secret as written, so it gets the suffix wildcard a name gets.
  if (nameOrArn.startsWith('arn:')) return /-[A-Za-z0-9]{6}$/.test(nameOrArn) ? nameOrArn : `${nameOrArn}-??????`;
  return `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${nameOrArn}-??????`;
}

export function ssmParameterArn(ctx: AwsContext, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const path = nameOrArn.startsWith('/') ? nameOrArn : `/${nameOrArn}`;
  return `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.accountId}:parameter${path}`;
}

export const SECRETS_MANAGER_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
export const SSM_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'];

export interface SecretGrantProps {
  /** A Secrets Manager secret by name or ARN. @default - none; exactly one of secretsManager and ssmParameter */
  readonly secretsManager?: string;
  /** An SSM parameter by name or ARN. @default - none; exactly one of secretsManager and ssmParameter */
  readonly ssmParameter?: string;
  /** Customer key of the secret; adds kms:Decrypt through that service. @default - AWS managed key */
  readonly kmsKeyArn?: string;
}

export function secretGrants(ctx: AwsContext, props: SecretGrantProps): Grant[] {
  const grants: Grant[] = [];
  if (props.secretsManager !== undefined) {
    grants.push({ sid: 'SecretsManagerRead', actions: SECRETS_MANAGER_READ_ACTIONS, resources: [secretArn(ctx, props.secretsManager)] });
  }
  if (props.ssmParameter !== undefined) {
    grants.push({ sid: 'SsmParameterRead', actions: SSM_READ_ACTIONS, resources: [ssmParameterArn(ctx, props.ssmParameter)] });
  }
  if (props.kmsKeyArn !== undefined) {
    const via = props.secretsManager !== undefined ? 'secretsmanager' : 'ssm';
    grants.push(...kmsGrants(ctx, { keyArn: props.kmsKeyArn, access: ['decrypt'], viaServices: [via] }));
  }
  return grants;
}

/** `prod/my-app/database-url` → `prod_my-app_database-url`: the file the secret is mounted as. */
export function secretFileName(name: string): string {
  const base = name.startsWith('arn:') ? (name.split(':')[6] ?? name) : name;
  return base.replace(/^\/+/, '').replace(/\//g, '_');
}

/** A secret's ARN with and without the 6-character suffix Secrets Manager appends names one secret. */
const bare = (arn: string) => arn.replace(/-[A-Za-z0-9]{6}$/, '');

export const secretsFamily: FamilyOf<'secrets'> = {
  field: 'secrets',
  grants: (ctx, e) => secretGrants(ctx, e),
  directServices: () => [],
  resourceSide: (_ctx, e, _w, grantee) => {
    const sides: ResourceSide[] = [];
    if (e.kmsKeyArn !== undefined) sides.push(kmsGrantSide(e.kmsKeyArn, ['decrypt']));
    if (e.secretsManager !== undefined && e.secretsManager.startsWith('arn:')) {
      // In a secret's own policy, Resource "*" is the secret itself.
      sides.push({ kind: 'secret-policy', account: parseArn(e.secretsManager).account, resource: e.secretsManager, statement: { Sid: `${grantee.sidPrefix}Read`, Effect: 'Allow', Principal: { AWS: grantee.roleArn }, Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], Resource: '*' } });
    }
    return sides;
  },
  resources: (e, platform) => {
    const refs: ResourceRef[] = [];
    if (e.secretsManager !== undefined) {
      const sm = e.secretsManager;
      const region = sm.startsWith('arn:') ? parseArn(sm).region : undefined;
      // A secret outside the platform region is refused by `checks`, whatever the account's region.
      refs.push({ field: 'secretsManager', account: accountOfArn(sm), writesSide: true, value: sm, region: region === platform.region ? region : undefined, policy: { kind: 'secret', key: sm, sameAs: (other) => bare(other) === sm || bare(sm) === other } });
    } else {
      refs.push({ field: 'ssmParameter', account: accountOfArn(e.ssmParameter ?? ''), writesSide: false, value: e.ssmParameter ?? '' });
    }
    if (e.kmsKeyArn !== undefined) refs.push(keyRef('kmsKeyArn', e.kmsKeyArn));
    return refs;
  },
  checks: (entries, { path, workload: w, platform }) => {
    const problems: Problem[] = [];
    // A secret listed twice is a mistake in the config.
    const seen = new Map<string, number>();
    entries.forEach((e, ei) => {
      const key = e.secretsManager ?? `ssm:${e.ssmParameter}`;
      const prior = seen.get(key);
      if (prior !== undefined) problems.push({ path: `${path}[${ei}]`, message: `repeats ${path}[${prior}]`, value: e, fix: 'Remove the repeated entry' });
      else seen.set(key, ei);
    });
    // The SecretProviderClass mounts each secret as a file named by secretFileName (its objectAlias);
    // the AWS provider refuses two objects with one alias, and then every pod mount fails.
    const aliases = new Map<string, number>();
    entries.forEach((e, ei) => {
      const field = e.secretsManager !== undefined ? 'secretsManager' : 'ssmParameter';
      const name = (e.secretsManager ?? e.ssmParameter)!;
      const alias = secretFileName(name);
      // The driver writes the files the way the kubelet writes volumes (its atomic writer): a name
      // that is . or .., starts with .. (where it keeps its own ..data links) or is longer than a
      // file name may be fails the whole mount.
      if (alias === '.' || alias.startsWith('..') || Buffer.byteLength(alias) > 255) {
        problems.push({
          path: `${path}[${ei}].${field}`,
          message: `mounts as the file ${alias.length > 60 ? `${alias.slice(0, 57)}...` : alias}, which the Secrets Store CSI driver cannot write (a file name is not . or .., does not start with .. and has at most 255 bytes), so every pod mount of ${w.name}'s secrets would fail`,
          value: name,
          fix: 'Rename the secret or parameter so its last part after "/" becomes "_" is an ordinary file name',
        });
        return;
      }
      const prior = aliases.get(alias);
      if (prior === undefined) {
        aliases.set(alias, ei);
        return;
      }
      const first = entries[prior];
      problems.push({
        path: `${path}[${ei}].${field}`,
        message: `mounts as the file ${alias}, like ${path}[${prior}] (${first.secretsManager ?? first.ssmParameter}); the Secrets Store CSI AWS provider refuses two objects with one alias, so every pod mount of ${w.name}'s secrets would fail`,
        value: name,
        fix: 'List each secret once; for two different secrets, rename one so their names differ after "/" becomes "_"',
      });
    });
    const envs = new Map<string, number>();
    entries.forEach((e, ei) => {
      if (e.env === undefined) return;
      const prior = envs.get(e.env);
      if (prior !== undefined) problems.push({ path: `${path}[${ei}].env`, message: `repeats ${path}[${prior}].env`, value: e.env, fix: 'Use one environment variable per secret' });
      else envs.set(e.env, ei);
    });
    // The SecretProviderClass has one region, the platform's: the AWS provider refuses an ARN
    // elsewhere ("ARN region must match region"). Other accounts in this region are fine.
    entries.forEach((e, ei) => {
      const field = e.secretsManager !== undefined ? 'secretsManager' : 'ssmParameter';
      const text = (e.secretsManager ?? e.ssmParameter)!;
      if (!text.startsWith('arn:')) return;
      const arn = parseArn(text);
      if (arn.region === platform.region) return;
      const replica = `arn:${arn.partition}:${arn.service}:${platform.region}:${arn.account}:${arn.resource}`;
      problems.push({
        path: `${path}[${ei}].${field}`,
        message: `is in ${arn.region}, but the workload's SecretProviderClass reads its secrets in the platform region ${platform.region}, and the Secrets Store CSI AWS provider refuses an ARN in another region`,
        value: text,
        fix: field === 'secretsManager'
          ? `Replicate the secret into ${platform.region} (aws secretsmanager replicate-secret-to-regions --add-replica-regions Region=${platform.region}) and use the replica's ARN, ${replica}`
          : `Copy the parameter into ${platform.region} (Parameter Store does not replicate across regions) and use it there, ${replica}`,
      });
    });
    return { problems, warnings: [] };
  },
};
