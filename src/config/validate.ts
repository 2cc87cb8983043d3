/**
 * Validation: zod for shape, then the checks that span fields. Every problem is collected;
 * nothing throws here (the CLI throws once at the edge).
 */
import type { z } from 'zod';
import { formatPath, Problem, Warning } from './problems';
import { PlatformConfig, platformSchema } from './schema';
import { normaliseIssuer, parseArn } from '../aws/arn';

export interface ValidationResult {
  /** Present when there are no problems. */
  readonly config?: PlatformConfig;
  readonly problems: Problem[];
  /** Relaxations and cross-account notes, reported on every synth. */
  readonly warnings: Warning[];
}

function fromZodIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = formatPath(issue.path);
  const raw = (issue as { input?: unknown }).input;
  // A failed discriminated union reports the object; show the discriminator's value instead.
  const discriminator = (issue as { discriminator?: string }).discriminator;
  const input = discriminator !== undefined && raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[discriminator] : raw;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'is not a known field',
      fix: 'Remove it or fix its spelling (`npm run eksguard -- schema` prints every field)',
    }));
  }
  const [message, fix] = issue.message.includes('|') ? issue.message.split('|', 2) : [undefined, undefined];
  if (message !== undefined && fix !== undefined) return [{ path, message, value: input, fix }];
  if (issue.code === 'invalid_type') {
    if (input === undefined) return [{ path, message: 'is required', fix: `Add ${path} (a ${issue.expected})` }];
    return [{ path, message: `must be a ${issue.expected}`, value: input, fix: `Write a ${issue.expected} value` }];
  }
  if (issue.code === 'invalid_union') {
    // Report the branch that got furthest: its issues name the real field.
    const branches = issue.errors.filter((b) => b.length > 0);
    if (branches.length > 0) {
      const best = branches.reduce((a, b) => (a.length <= b.length ? a : b));
      return best.flatMap((sub) => fromZodIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue));
    }
  }
  return [{ path, message: issue.message, value: input, fix: 'See `npm run eksguard -- schema` for the allowed values' }];
}

const ISSUER_REGION = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/;

/** Checks that span fields: uniqueness, agreement between issuer, region and account, opt-outs. */
function crossFieldChecks(config: PlatformConfig, problems: Problem[], warnings: Warning[]): void {
  const stackNames = new Map<string, string>();
  const roleNames = new Map<string, string>();
  config.clusters.forEach((cluster, ci) => {
    const cpath = `clusters[${ci}]`;
    for (const stack of [cluster.name, `${cluster.name}-workloads`]) {
      const other = stackNames.get(stack);
      if (other !== undefined) {
        problems.push({ path: `${cpath}.name`, message: `gives stack name "${stack}", which ${other} already uses`, value: cluster.name, fix: 'Give every cluster a distinct name' });
      } else stackNames.set(stack, `${cpath}.name`);
    }

    const issuer = normaliseIssuer(cluster.existing.oidcIssuerUrl);
    const issuerRegion = ISSUER_REGION.exec(issuer)?.[1];
    if (issuerRegion !== undefined && issuerRegion !== config.region) {
      problems.push({ path: `${cpath}.existing.oidcIssuerUrl`, message: `is in ${issuerRegion} but the platform region is ${config.region}`, value: cluster.existing.oidcIssuerUrl, fix: 'Use the issuer of a cluster in the platform region, or change region' });
    }
    const providerArn = cluster.existing.oidcProviderArn;
    if (providerArn !== undefined) {
      const arn = parseArn(providerArn);
      if (arn.account !== config.accountId) {
        problems.push({ path: `${cpath}.existing.oidcProviderArn`, message: `is in account ${arn.account}, not the platform account ${config.accountId}`, value: providerArn, fix: 'IRSA roles trust the provider in their own account; use that provider or omit the field' });
      }
      if (arn.resource !== `oidc-provider/${issuer}`) {
        problems.push({ path: `${cpath}.existing.oidcProviderArn`, message: `does not name the cluster's issuer ${issuer}`, value: providerArn, fix: 'Use the provider created for this cluster\'s issuer (a copied ARN from another cluster silently breaks every role)' });
      }
    }

    const workloadKeys = new Map<string, number>();
    const subjects = new Map<string, number>();
    cluster.workloads.forEach((w, wi) => {
      const wpath = `${cpath}.workloads[${wi}]`;
      const key = `${w.namespace}/${w.name}`;
      const dup = workloadKeys.get(key);
      if (dup !== undefined) {
        problems.push({ path: `${wpath}.name`, message: `repeats workload ${key} of ${cpath}.workloads[${dup}]`, value: w.name, fix: 'Give each workload a name unique within its namespace' });
      } else workloadKeys.set(key, wi);

      const subject = `${w.namespace}/${w.serviceAccount}`;
      const dupSa = subjects.get(subject);
      if (dupSa !== undefined) {
        problems.push({ path: `${wpath}.serviceAccount`, message: `is already bound to ${cpath}.workloads[${dupSa}]; one service account can carry one role`, value: w.serviceAccount, fix: 'Use a distinct service account per workload, or merge the two workloads' });
      } else subjects.set(subject, wi);

      const wildcard = /[*?]/.test(w.serviceAccount);
      if (wildcard && w.wildcardSubject === undefined) {
        problems.push({ path: `${wpath}.serviceAccount`, message: 'contains a wildcard, so the trust would admit many service accounts', value: w.serviceAccount, fix: 'Name the one service account, or add wildcardSubject: { reason: "..." } to accept the wider trust' });
      }
      if (!wildcard && w.wildcardSubject !== undefined) {
        problems.push({ path: `${wpath}.wildcardSubject`, message: 'is set but serviceAccount has no wildcard', value: w.wildcardSubject, fix: 'Remove wildcardSubject' });
      }
      if (wildcard && w.wildcardSubject !== undefined) {
        warnings.push({ path: `${wpath}.wildcardSubject`, message: `trust admits every service account matching system:serviceaccount:${w.namespace}:${w.serviceAccount} (reason: ${w.wildcardSubject.reason})` });
      }
      if (w.roleName !== undefined) {
        const prior = roleNames.get(w.roleName);
        if (prior !== undefined) {
          problems.push({ path: `${wpath}.roleName`, message: `is already used by ${prior}; IAM role names are unique per account`, value: w.roleName, fix: 'Choose another roleName' });
        } else roleNames.set(w.roleName, `${wpath}.roleName`);
      }

      const foreign = (path: string, arnText: string) => {
        if (!arnText.startsWith('arn:')) return;
        const arn = parseArn(arnText);
        if (arn.account !== '' && arn.account !== config.accountId) {
          warnings.push({ path, message: `is in account ${arn.account}: its resource policy must also allow this workload's role, or calls fail with AccessDenied` });
        }
      };
      w.kms.forEach((k, i) => foreign(`${wpath}.kms[${i}].keyArn`, k.keyArn));
      w.secrets.forEach((s, i) => {
        foreign(`${wpath}.secrets[${i}]`, s.secretsManager ?? s.ssmParameter ?? '');
        if (s.kmsKeyArn !== undefined) foreign(`${wpath}.secrets[${i}].kmsKeyArn`, s.kmsKeyArn);
      });
      w.sqs.forEach((q, i) => foreign(`${wpath}.sqs[${i}].queue`, q.queue));
      w.dynamodb.forEach((t, i) => foreign(`${wpath}.dynamodb[${i}].table`, t.table));
    });
  });
}

/** Validate any input (parsed YAML/JSON or a TypeScript object). Defaults are applied by the schema. */
export function validateConfig(input: unknown): ValidationResult {
  const parsed = platformSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(fromZodIssue);
    return { problems: dedupe(problems), warnings: [] };
  }
  const problems: Problem[] = [];
  const warnings: Warning[] = [];
  crossFieldChecks(parsed.data, problems, warnings);
  return problems.length === 0 ? { config: parsed.data, problems, warnings } : { problems, warnings };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
