/**
 * AWS service families a workload can be given access to, one descriptor each: the workload field
 * it reads, the identity-side grants, the AWS services the pods call for it (VPC endpoint needs),
 * the resource side in another account, and the account checks. Everything that iterates a
 * workload's AWS access (`workloadGrants`, `crossAccountAccess`, `directAwsServices`, validation)
 * iterates `SERVICE_FAMILIES`, so a new service is one file here plus its schema entry and tests
 * (see `src/policy/README.md`). Pure: no cdktf imports.
 */
import type { Problem, Warning } from '../../config/problems';
import type { EndpointService, PlatformConfig, WorkloadConfig } from '../../config/schema';
import type { AwsContext, Grant, Statement } from '../document';
import { dynamodbFamily } from './dynamodb';
import { ecrFamily } from './ecr';
import { eksFamily } from './eks';
import { kmsFamily } from './kms';
import { s3Family } from './s3';
import { secretsFamily } from './secrets';
import { sqsFamily } from './sqs';

/** What a grant builder needs besides the ARN context. */
export interface GrantContext extends AwsContext {
  /** Values of the `{namespace}` / `{serviceAccount}` placeholders (see `placeholdersFor`). */
  readonly placeholders: Readonly<Record<string, string>>;
}

/** The workload role that another account's KMS grant or resource policy names. */
export interface Grantee {
  readonly namespace: string;
  readonly name: string;
  readonly roleArn: string;
  /** Prefix of the statement ids naming this role in a shared resource policy (letters and digits). */
  readonly sidPrefix: string;
}

/** One thing another account must allow: a KMS grant, or a statement of a resource's own policy. */
export type ResourceSide =
  | {
      readonly kind: 'kms-grant';
      readonly account: string;
      readonly keyArn: string;
      /** KMS grant operations (`Decrypt`, `DescribeKey`, ...). */
      readonly operations: readonly string[];
      readonly encryptionContext?: Readonly<Record<string, string>>;
    }
  | {
      /** Which resource policy: the account stack writes a bucket, secret or repository policy. */
      readonly kind: 'bucket-policy' | 'secret-policy' | 'repository-policy';
      readonly account: string;
      /** The resource as the account stack names it: bucket name, secret ARN as configured, repository name. */
      readonly resource: string;
      readonly statement: Statement;
    };

/**
 * A resource an entry names, for the account checks. A resource in another account needs that
 * account's side too; when eksguard writes it (`writesSide`), the account must be declared under
 * `accounts` (with the role Terraform assumes there), otherwise the user is warned.
 */
export interface ResourceRef {
  /** The entry's field that puts the resource in its account (`keyArn`, `account`): account problems name it. */
  readonly field: string;
  /** The resource's account; '' when it is the platform's own (a name rather than an ARN). */
  readonly account: string;
  /** Whether eksguard writes the other account's side (a KMS grant or resource policy), or only warns. */
  readonly writesSide: boolean;
  /** The resource as written in the config (the value problems show). */
  readonly value: string;
  /** The entry's field naming the resource, for problems about the account stack. @default - field */
  readonly resourceField?: string;
  /** Region of the resource, checked against the account stack's region. @default - not checked */
  readonly region?: string;
  /**
   * The resource policy eksguard writes for the resource when the account's `managePolicies` is
   * true: one cluster only may write it, under one spelling. @default - none (a KMS grant is additive)
   */
  readonly policy?: {
    /** `bucket`, `secret`, `repository`: named in the problem. */
    readonly kind: string;
    /** The resource as the policy is keyed. */
    readonly key: string;
    /** Whether another key names the same resource (a secret ARN with and without its suffix). @default - only an equal key */
    readonly sameAs?: (otherKey: string) => boolean;
  };
}

/** Where a family's own checks run: one workload's entries of the family. */
export interface CheckContext {
  /** Config path of the family's field in this workload (`clusters[0].workloads[2].secrets`). */
  readonly path: string;
  readonly workload: WorkloadConfig;
  readonly platform: PlatformConfig;
}

/**
 * One AWS service family. `E` is the type of one entry of the workload field the family reads.
 * Descriptors are plain objects of pure functions; their order in `SERVICE_FAMILIES` is the order
 * of the workload's policy statements, so a new family goes at the end.
 */
export interface ServiceFamily<E = any> {
  /** The workload field it reads: a list of entries (`s3: [{ bucket, prefixes, access }]`). */
  readonly field: string;
  /** The identity-side statements for one entry (statement ids are the grants' `sid`). */
  grants(ctx: GrantContext, entry: E, workload: WorkloadConfig): Grant[];
  /**
   * AWS services the workload's pods call themselves for the entry, by VPC endpoint name: a
   * private cluster needs the endpoint, and the pods' NetworkPolicy needs public egress for those
   * no interface endpoint serves. Empty when something else makes the calls (the Secrets Store
   * CSI provider in kube-system, a service using a KMS key on the pod's behalf).
   */
  directServices(entry: E): readonly EndpointService[];
  /**
   * What other accounts must allow for the entry (KMS grants, resource-policy statements naming
   * the grantee). Sides in the platform account are dropped by the caller.
   */
  resourceSide(ctx: GrantContext, entry: E, workload: WorkloadConfig, grantee: Grantee): ResourceSide[];
  /** Resources the entry names, for the account checks (`accounts` declared, regions, one policy owner). */
  resources(entry: E, platform: PlatformConfig): readonly ResourceRef[];
  /**
   * The family's own checks of a workload's entries, beyond what the schema checks entry by entry
   * (entries that clash, a placeholder against the service account, the platform's region):
   * problems, and relaxations reported as warnings. @default - none
   */
  checks?(entries: readonly E[], at: CheckContext): { problems: Problem[]; warnings: Warning[] };
}

/** One entry of a workload list field: `ServiceEntry<'s3'>` is an S3 access entry. */
export type ServiceEntry<F extends keyof WorkloadConfig> = WorkloadConfig[F] extends ReadonlyArray<infer E> ? E : never;

/** A descriptor of a schema field, typed by that field's entries. */
export type FamilyOf<F extends keyof WorkloadConfig> = ServiceFamily<ServiceEntry<F>> & { readonly field: F };

/** Every service family, in the order a workload's statements are written. */
export const SERVICE_FAMILIES: readonly ServiceFamily[] = [s3Family, kmsFamily, secretsFamily, sqsFamily, dynamodbFamily, eksFamily, ecrFamily];

/** The entries of a family's field in a workload (none when the workload does not have it). */
export function entriesOf(family: ServiceFamily, w: unknown): readonly unknown[] {
  const value = (w as Record<string, unknown>)[family.field];
  return Array.isArray(value) ? value : [];
}

/** The identity-side grants of a workload, family by family in registry order. */
export function familyGrants(families: readonly ServiceFamily[], ctx: GrantContext, w: WorkloadConfig): Grant[] {
  return families.flatMap((f) => entriesOf(f, w).flatMap((e) => f.grants(ctx, e, w)));
}

/** The AWS services a workload's pods call themselves, each once, in registry order. */
export function familyDirectServices(families: readonly ServiceFamily[], w: unknown): EndpointService[] {
  return [...new Set(families.flatMap((f) => entriesOf(f, w).flatMap((e) => [...f.directServices(e)])))];
}

/** Every resource side of a workload in accounts other than `platformAccountId`. */
export function familyResourceSides(families: readonly ServiceFamily[], ctx: GrantContext, w: WorkloadConfig, grantee: Grantee, platformAccountId: string): ResourceSide[] {
  return families.flatMap((f) => entriesOf(f, w).flatMap((e) => f.resourceSide(ctx, e, w, grantee))).filter((s) => s.account !== platformAccountId);
}
