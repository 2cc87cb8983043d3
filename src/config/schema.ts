/**
 * The platform config: one zod schema, the single place where defaults live.
 * Every custom message is `what is wrong|how to fix` (see `says`).
 * Pure: no cdktf imports.
 */
import { z } from 'zod';
import { NAMESPACE_SCOPES } from '../kubernetes/namespace-plan';
import { ipv4Cidr, vpcCidrBlock } from './cidr';
import { closestIds, isTargetProblem, parseTarget } from '../rules/acknowledgements';
import { RULE_IDS } from '../rules/ids';
import { says } from './problems';
import { awsTags, ec2RuleDescription, hcpProjectName, kmsKeyReference, kubernetesGroup, kubernetesLabelValue, kubernetesUserName, nodeLabelKey, nodeLabelValue, taintKey } from './identifiers';

/** The newest Kubernetes minor version eksguard knows (CKV_AWS_339's upper bound). */
export const NEWEST_KUBERNETES_MINOR = 35;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Secrets Store CSI chart defaults: the current releases, kubernetes-sigs/secrets-store-csi-driver
 * v1.6.0 (2026-04-29; chart kubeVersion ">=1.30.0-0") and aws/secrets-store-csi-driver-provider-aws
 * 3.1.1 (2026-06-02; its driver dependency "^1").
 */
export const CSI_DRIVER_CHART_DEFAULT = '1.6.0';
export const CSI_AWS_PROVIDER_CHART_DEFAULT = '3.1.1';
/** The driver chart from which on its kubeVersion is ">=1.30.0-0" (1.5.6 and earlier: ">=1.16.0-0"). */
export const CSI_DRIVER_CHART_NEEDS_130 = '1.6.0';
const DNS_SUBDOMAIN_WILDCARD = /^[a-z0-9*]([-a-z0-9.*]*[a-z0-9*])?$/;

export const dnsLabel = (what: string) =>
  z
    .string()
    .max(63, says(`${what} must be at most 63 characters`, 'Shorten it'))
    .regex(DNS_LABEL, says(`${what} must be a DNS-1123 label`, "Use lowercase letters, digits and '-', starting and ending with a letter or digit"));

const clusterName = z
  .string()
  .regex(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, says('cluster name must be 1-100 letters, digits, "-" or "_", starting with a letter or digit', 'Use the EKS cluster name exactly as AWS shows it'));

const region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, says('region must be an AWS region code', 'Use a code such as us-east-1'));

const accountId = z
  .string({
    error: (issue) =>
      issue.input === undefined ? undefined : says('account id must be a quoted string', 'Quote it: accountId: "123456789012" (unquoted, YAML reads a number and drops leading zeros)'),
  })
  .regex(/^\d{12}$/, says('account id must be 12 digits', 'Use the AWS account id as a quoted string, e.g. "123456789012"'));

const arn = (service: string, example: string) =>
  z
    .string()
    .regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), says(`must be an ${service} ARN`, `Use a full ARN such as ${example}`));

const iamPolicyArn = arn('iam', 'arn:aws:iam::123456789012:policy/eks-workload-boundary').regex(
  /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/,
  says('must be an IAM managed policy ARN', 'Use arn:aws:iam::<account>:policy/<name>'),
);

const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/,
    says('must be a KMS key ARN (aliases cannot scope an identity policy)', 'Use arn:aws:kms:<region>:<account>:key/<key-id>'),
  );

/** TCP/UDP ports: Kubernetes NetworkPolicy and container ports are 1-65535 (port 0 names no service). */
const port = z.number().int().min(1, says('port must be 1-65535', 'Use the port number')).max(65535, says('port must be 1-65535', 'Use the port number'));
const securityGroupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, says('must be a security group id', 'Use the id, e.g. sg-0123456789abcdef0'));

/**
 * A role's maximum session duration. IAM API Reference, CreateRole/UpdateRole `MaxSessionDuration`:
 * "Valid Range: Minimum value of 3600. Maximum value of 43200." (the AWS provider and `terraform
 * plan` refuse anything else).
 */
const IAM_SESSION_RANGE = 'IAM sets a role\'s maximum session duration between 3600 and 43200 seconds';
const roleMaxSessionDuration = (fixBelow: string) => z.number().int().min(3600, says(`must be at least 3600: ${IAM_SESSION_RANGE}`, fixBelow));

/**
 * Characters that change how text is shown rather than what it says: controls (C0 with line
 * breaks and ESC, DEL, C1) and Unicode format characters (bidi overrides and isolates,
 * zero-width characters, the soft hyphen), plus the line and paragraph separators. In a reason
 * they could hide a relaxation's warning in a terminal (`\r`, ESC sequences), forge extra lines
 * in synth's output, or make a reviewer read text other than the text that is stored.
 */
export const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** `YYYY-MM-DD` names a day that exists (no 2026-02-30, no month 13). */
function isCalendarDay(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const hiddenCharacter = (text: string) => text.match(HIDDEN_CHARACTER)?.[0];
const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

const reason = z
  .string()
  .trim()
  .min(10, says('a reason must be at least 10 characters', 'Say why this relaxation is needed, for reviewers and auditors'))
  .superRefine((text, ctx) => {
    const c = hiddenCharacter(text);
    if (c !== undefined) ctx.addIssue({ code: 'custom', message: says(`holds the control or formatting character ${codePoint(c)}, which changes how the reason shows in synth's output and in reviews`, 'Write the reason as one line of visible text'), input: text });
  });

/**
 * Text that lands inside an IAM policy document (S3 key prefixes, KMS encryption context), which
 * IAM accepts only in printable ASCII and Latin-1 (PutRolePolicy's PolicyDocument pattern, minus
 * tab and line breaks): anything else is refused at apply, or hides what the policy grants.
 */
const policyTextProblem = (text: string): string | undefined => {
  const c = hiddenCharacter(text) ?? text.match(/[^\u0020-\u007E\u00A0-\u00FF]/u)?.[0];
  return c === undefined ? undefined : `holds ${codePoint(c)}, which IAM does not accept in a policy document (printable ASCII and Latin-1 only)`;
};
const policyText = (what: string) => (text: string, ctx: z.RefinementCtx) => {
  const problem = policyTextProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: says(`${what} ${problem}`, 'Use printable ASCII or Latin-1 characters'), input: text });
};

/**
 * Text IAM compares a request against (a condition value): Terraform gets it literally (the
 * escaping boundary), but IAM then reads `${...}` there as a policy variable and compares against
 * the variable's value in each request instead (S3 prefixes refuse `{` for the same reason).
 */
const conditionValue = (what: string) => (text: string, ctx: z.RefinementCtx) => {
  if (text.includes('${')) ctx.addIssue({ code: 'custom', message: says(`${what} holds "\${", which IAM reads in a condition value as the start of a policy variable (such as \${aws:username}) and replaces with a value of each request, so the policy would not require what the config says`, 'Write the literal value without "${"'), input: text });
};

/**
 * A permissions boundary of your own instead of eksguard's (which denies IAM writes, role chaining
 * and organization changes): a relaxation, so it needs a reason and is reported on every synth.
 */
const permissionsBoundary = z.strictObject({
  arn: iamPolicyArn.describe("ARN of the IAM managed policy used as the permissions boundary of every role eksguard creates."),
  /** Why eksguard's boundary is replaced (e.g. the organization mandates its own). */
  reason: reason.describe("Why eksguard's boundary is replaced (e.g. the organization mandates its own)."),
});

export const KMS_ACCESS = ['decrypt', 'encrypt', 'generate-data-key'] as const;
export const IDENTITIES = ['irsa', 'pod-identity', 'irsa-and-pod-identity'] as const;
export type IdentityKind = (typeof IDENTITIES)[number];
/** Services that call KMS on a caller's behalf and set `kms:ViaService`. */
export const KMS_VIA_SERVICES = ['s3', 'secretsmanager', 'ssm', 'sqs', 'dynamodb', 'sns', 'ec2', 'rds', 'logs', 'kinesis', 'elasticfilesystem', 'lambda'] as const;

const S3_PREFIX_SHAPE = /^[^/*?][^*?]*$/;

const s3Access = z.strictObject({
  /** Bucket name (not an ARN). */
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, says('must be an S3 bucket name', 'Use the bucket name only, e.g. prod-artifacts (no s3:// and no ARN)')).describe("Bucket name (not an ARN)."),
  /**
   * Key prefixes the workload may use, such as `releases/`.
   * @default - the whole bucket
   */
  prefixes: z
    .array(
      z
        .string()
        .min(1, says('a prefix cannot be empty', 'Omit prefixes to grant the whole bucket'))
        .regex(S3_PREFIX_SHAPE, says('a prefix must not start with "/" or contain "*" or "?"', 'Write the literal key prefix, e.g. releases/'))
        .refine((p) => (p.match(/\{[^}]*\}/g) ?? []).every((v) => v === '{namespace}' || v === '{serviceAccount}'), says('a prefix may only use the placeholders {namespace} and {serviceAccount}', 'Write e.g. tenants/{namespace}/'))
        .superRefine(policyText('a prefix')),
    )
    .min(1, says('prefixes cannot be an empty list', 'Omit prefixes to grant the whole bucket, or list them'))
    .optional().describe("Key prefixes the workload may use, such as `releases/`. Default: the whole bucket"),
  access: z.enum(['read', 'write', 'read-write'], says('access must be read, write or read-write', 'Pick one of read, write, read-write')).describe("What the workload may do with the objects: read, write or read-write."),
  /** @default false - writers cannot delete objects */
  delete: z.boolean().default(false).describe("Default: false - writers cannot delete objects"),
  /** The bucket's account when it is not the platform's: eksguard then writes the bucket policy side too (see accounts). @default - the platform account */
  account: accountId.optional().describe("The bucket's account when it is not the platform's: eksguard then writes the bucket policy side too (see accounts). Default: the platform account"),
  /**
   * Opt-out: the prefixes without a trailing `/` are stems, granting every key that starts with
   * them (`releases` grants `releases-2026/` and `releases.bak/` too). Reported on every synth.
   * @default - refused: every prefix ends with `/`
   */
  prefixStems: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Opt-out: the prefixes without a trailing `/` are stems, granting every key that starts with them (`releases` grants `releases-2026/` and `releases.bak/` too). Reported on every synth. Default: refused: every prefix ends with `/`"),
}).refine((s) => !s.delete || s.access !== 'read', {
  message: says('delete needs write access', 'Set access to write or read-write, or remove delete'),
  path: ['delete'],
}).superRefine((s, ctx) => {
  // `bucket/releases*` and `s3:prefix releases*` also match `releases-prod-secrets/` and `releases.bak/`.
  const stems = (s.prefixes ?? []).filter((p) => !p.endsWith('/'));
  if (s.prefixStems === undefined) {
    (s.prefixes ?? []).forEach((p, i) => {
      if (p.endsWith('/') || !S3_PREFIX_SHAPE.test(p)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['prefixes', i],
        input: p,
        message: says(`does not end with "/", so it also grants every key that merely starts with it, such as ${p}-prod-secrets/ and ${p}.bak/`, `Write "${p}/", or add prefixStems: { reason: "..." } to this entry if every key starting with "${p}" is meant`),
      });
    });
  } else if (stems.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['prefixStems'], input: s.prefixStems, message: says(s.prefixes === undefined ? 'is set but the entry has no prefixes (it grants the whole bucket)' : 'is set but every prefix ends with "/"', 'Remove prefixStems') });
  }
});

const kmsAccess = z.strictObject({
  keyArn: kmsKeyArn.describe("ARN of the KMS key (key/<id> or mrk-<id>; aliases cannot scope an identity policy)."),
  access: z
    .union([z.enum(KMS_ACCESS), z.array(z.enum(KMS_ACCESS)).min(1)], says('access must be decrypt, encrypt or generate-data-key (or a list of them)', 'Pick from decrypt, encrypt, generate-data-key'))
    .transform((a) => (Array.isArray(a) ? [...new Set(a)].sort() : [a])).describe("KMS operations granted: decrypt, encrypt or generate-data-key, or a list of them."),
  /**
   * Services through which the key is used; adds `kms:ViaService`.
   * @default - none: the key may be called directly
   */
  viaServices: z.array(z.enum(KMS_VIA_SERVICES, says(`viaServices entries must be one of ${KMS_VIA_SERVICES.join(', ')}`, 'Name the AWS service that calls KMS for the workload'))).min(1).optional().describe("Services through which the key is used; adds `kms:ViaService`. Default: none: the key may be called directly"),
  /** Required encryption context pairs (`kms:EncryptionContext:<key>`). @default - none */
  encryptionContext: z
    .record(z.string().min(1, says('an encryption context key cannot be empty', 'Name the key')).superRefine(policyText('an encryption context key')), z.string().superRefine(policyText('an encryption context value')).superRefine(conditionValue('an encryption context value')))
    .superRefine((context, ctx) => {
      // IAM reads the key part of kms:EncryptionContext:<key> ignoring case: App and app would be one condition.
      const seen = new Map<string, string>();
      for (const key of Object.keys(context)) {
        const first = seen.get(key.toLowerCase());
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: says(`differs from the key ${first} only in case, and IAM reads kms:EncryptionContext:<key> ignoring case, so the two would be one condition`, 'Keep one of the two keys'), input: key });
        else seen.set(key.toLowerCase(), key);
      }
    })
    .optional().describe("Required encryption context pairs (`kms:EncryptionContext:<key>`). Default: none"),
});

const secretAccess = z
  .strictObject({
    /** Secrets Manager secret name (or full ARN). */
    secretsManager: z
      .string()
      .regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$/, says('must be a Secrets Manager secret name or ARN, without wildcards', 'Use the secret name, e.g. prod/my-app/database-url'))
      .optional().describe("Secrets Manager secret name (or full ARN)."),
    /** SSM parameter name (or full ARN). */
    ssmParameter: z
      .string()
      .regex(/^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/)?[A-Za-z0-9_./-]{1,1011}$/, says('must be an SSM parameter name or ARN, without wildcards', 'Use the parameter name, e.g. /prod/my-app/api-key'))
      .optional().describe("SSM parameter name (or full ARN)."),
    /** Customer KMS key the secret or SecureString is encrypted with; adds kms:Decrypt via that service. @default - AWS managed key */
    kmsKeyArn: kmsKeyArn.optional().describe("Customer KMS key the secret or SecureString is encrypted with; adds kms:Decrypt via that service. Default: AWS managed key"),
    /**
     * Also expose the value as this environment variable: the Secrets Store CSI driver syncs it into
     * the Kubernetes Secret `<workload>-secrets` (key = the variable). @default - mounted as a file only
     */
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, says('env must be an environment variable name', 'Use upper case letters, digits and _, e.g. DATABASE_URL')).optional().describe("Also expose the value as this environment variable: the Secrets Store CSI driver syncs it into the Kubernetes Secret `<workload>-secrets` (key = the variable). Default: mounted as a file only"),
  })
  .refine((s) => (s.secretsManager === undefined) !== (s.ssmParameter === undefined), {
    message: says('a secrets entry needs exactly one of secretsManager or ssmParameter', 'Split it into one entry per secret'),
  });

const sqsAccess = z.strictObject({
  /** Queue name or ARN. */
  queue: z.string().regex(/^(arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:)?[A-Za-z0-9_-]{1,75}(\.fifo)?$/, says('must be an SQS queue name or ARN', 'Use the queue name, e.g. payments-events')).describe("Queue name or ARN."),
  access: z.enum(['consume', 'send'], says('access must be consume or send', 'Pick consume or send; list the queue twice for both')).describe("consume (receive, delete, change visibility) or send; list the queue twice for both."),
});

const dynamodbAccess = z.strictObject({
  /** Table name or ARN. */
  table: z.string().regex(/^(arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/)?[A-Za-z0-9_.-]{3,255}$/, says('must be a DynamoDB table name or ARN', 'Use the table name, e.g. orders')).describe("Table name or ARN."),
  access: z.enum(['read', 'write', 'read-write'], says('access must be read, write or read-write', 'Pick one of read, write, read-write')).describe("What the workload may do with the table items: read, write or read-write."),
  /** @default true - queries may use the table's indexes */
  indexes: z.boolean().default(true).describe("Default: true - queries may use the table's indexes"),
});

const ecrAccess = z.strictObject({
  /** Repository name (this account) or ARN (any account). */
  repository: z.string().regex(/^(arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*$/, says('must be an ECR repository name or ARN', 'Use the repository name, e.g. team/app')).describe("Repository name (this account) or ARN (any account)."),
  /** @default pull */
  access: z.enum(['pull'], says('access must be pull', 'Workloads pull images; pushing belongs to CI')).default('pull').describe("Default: pull"),
});

const eksAccess = z.strictObject({
  /** EKS cluster name in this account and region. */
  cluster: clusterName.describe("EKS cluster name in this account and region."),
  access: z.enum(['read'], says('access must be read', 'Only read (describe/list) is offered to workloads')).describe("Only read (describe and list) is offered to workloads."),
});

export const workloadSchema = z
  .strictObject({
    /** Workload name, unique within its namespace; part of every Terraform address. */
    name: dnsLabel('name').describe("Workload name, unique within its namespace; part of every Terraform address."),
    namespace: dnsLabel('namespace').refine((n) => !n.startsWith('kube-'), says('workloads cannot live in a kube-* namespace: its default-deny policies and restricted Pod Security would break the cluster\'s own pods', 'Use a namespace of your own')).describe("Kubernetes namespace of the workload (a DNS-1123 label, not kube-*)."),
    /**
     * Kubernetes service account the pods run as.
     * @default - the workload name
     */
    serviceAccount: z.string().max(253).regex(DNS_SUBDOMAIN_WILDCARD, says('must be a DNS-1123 subdomain', "Use lowercase letters, digits, '-' and '.'")).optional().describe("Kubernetes service account the pods run as. Default: the workload name"),
    /**
     * How pods get the role: `irsa` (annotated service account, web identity), `pod-identity`
     * (EKS Pod Identity association), or `irsa-and-pod-identity` while moving a workload from one
     * to the other without an outage (both bindings; see the README).
     * @default irsa
     */
    identity: z.enum(IDENTITIES, says(`identity must be one of ${IDENTITIES.join(', ')}`, 'Use irsa or pod-identity (irsa-and-pod-identity only while migrating)')).default('irsa').describe("How pods get the role: `irsa` (annotated service account, web identity), `pod-identity` (EKS Pod Identity association), or `irsa-and-pod-identity` while moving a workload from one to the other without an outage (both bindings; see the README). Default: irsa"),
    /** Pod Identity options. @default - session tags on, no target role */
    podIdentity: z
      .strictObject({
        /** A role (often in another account) that EKS assumes with this workload's role, as eksctl's targetRoleARN. */
        targetRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, says('must be an IAM role ARN', 'Use arn:aws:iam::<account>:role/<name>')).optional().describe("A role (often in another account) that EKS assumes with this workload's role, as eksctl's targetRoleARN."),
        /** Opt-out: no kubernetes-namespace/service-account/cluster session tags (they count against the 2,048-character packed policy limit with long names). */
        disableSessionTags: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Opt-out: no kubernetes-namespace/service-account/cluster session tags (they count against the 2,048-character packed policy limit with long names)."),
      })
      .optional().describe("Pod Identity options. Default: session tags on, no target role"),
    /** @default - `<cluster>-<namespace>-<name>`, shortened with a hash past 64 characters */
    roleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, says('role name must be 1-64 characters of letters, digits and +=,.@_-', 'Choose a shorter name'))
      .optional().describe("Default: `<cluster>-<namespace>-<name>`, shortened with a hash past 64 characters"),
    /** @default 3600 */
    maxSessionDurationSeconds: roleMaxSessionDuration('Use 3600-43200 seconds').max(43200, says(`must be at most 43200: ${IAM_SESSION_RANGE}`, 'Use 3600-43200 seconds')).default(3600).describe("Default: 3600"),
    /** Opt-out: this role's boundary. @default - the platform's iam.permissionsBoundary, else eksguard's per-cluster boundary */
    permissionsBoundary: permissionsBoundary.optional().describe("Opt-out: this role's boundary. Default: the platform's iam.permissionsBoundary, else eksguard's per-cluster boundary"),
    /** @default true - SDKs use the regional STS endpoint (annotation eks.amazonaws.com/sts-regional-endpoints) */
    stsRegionalEndpoints: z.boolean().default(true).describe("Default: true - SDKs use the regional STS endpoint (annotation eks.amazonaws.com/sts-regional-endpoints)"),
    /**
     * Projected token lifetime (annotation eks.amazonaws.com/token-expiration). 600-86400: the EKS Pod
     * Identity webhook's MinTokenExpiration (600, kube-apiserver's minimum) and MaxTokenExpiration
     * (86400), aws/amazon-eks-pod-identity-webhook pkg/constants.go. @default - EKS default, 86400
     */
    tokenExpirationSeconds: z.number().int().min(600, says('must be at least 600', 'Use 600-86400 seconds')).max(86400, says('must be at most 86400', 'Use 600-86400 seconds')).optional().describe("Projected token lifetime (annotation eks.amazonaws.com/token-expiration). 600-86400: the EKS Pod Identity webhook's MinTokenExpiration (600, kube-apiserver's minimum) and MaxTokenExpiration (86400), aws/amazon-eks-pod-identity-webhook pkg/constants.go. Default: EKS default, 86400"),
    /** @default false - pods get only the projected IRSA token */
    automountServiceAccountToken: z.boolean().default(false).describe("Default: false - pods get only the projected IRSA token"),
    /**
     * Opt-out: let the trust admit every service account matching a `*` pattern in this namespace.
     * @default - refused: the trust admits exactly one service account
     */
    wildcardSubject: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Opt-out: let the trust admit every service account matching a `*` pattern in this namespace. Default: refused: the trust admits exactly one service account"),
    s3: z.array(s3Access).default([]).describe("S3 buckets (and key prefixes) the workload reads or writes. Default: []"),
    kms: z.array(kmsAccess).default([]).describe("KMS keys the workload uses, with the operations and the services it calls them through. Default: []"),
    secrets: z.array(secretAccess).default([]).describe("Secrets Manager secrets and SSM parameters the workload reads (mounted through the Secrets Store CSI driver). Default: []"),
    sqs: z.array(sqsAccess).default([]).describe("SQS queues the workload consumes from or sends to. Default: []"),
    dynamodb: z.array(dynamodbAccess).default([]).describe("DynamoDB tables the workload reads or writes. Default: []"),
    eks: z.array(eksAccess).default([]).describe("EKS clusters the workload may describe and list. Default: []"),
    ecr: z.array(ecrAccess).default([]).describe("ECR repositories the workload pulls from or pushes to. Default: []"),
    /** In-cluster network rules: pods must carry the label app.kubernetes.io/name=<workload name>. */
    network: z
      .strictObject({
        /** Workloads (by name, in this cluster) whose pods may connect to this one, and on which port. */
        ingress: z.array(z.strictObject({ fromApp: dnsLabel('fromApp').describe("Name of a workload of this cluster whose pods may connect."), port: port.describe("Port the pods accept the connection on (1-65535)."), protocol: z.enum(['TCP', 'UDP']).default('TCP').describe("TCP or UDP. Default: TCP") })).default([]).describe("Workloads (by name, in this cluster) whose pods may connect to this one, and on which port."),
      })
      .default({ ingress: [] }).describe("In-cluster network rules: pods must carry the label app.kubernetes.io/name=<workload name>."),
    /**
     * Security groups for pods: a security group of its own for this workload's pods, bound with a
     * SecurityGroupPolicy. @default - pods share the node security group
     */
    securityGroup: z
      .strictObject({
        /** Ports the pods accept from the nodes (kubelet probes); declared flows add theirs. @default [] */
        probePorts: z.array(port).default([]).describe("Ports the pods accept from the nodes (kubelet probes); declared flows add theirs. Default: []"),
        egress: z
          .array(
            z.strictObject({
              /** Another security group (a database's, say). */
              toSecurityGroupId: securityGroupId.describe("Another security group (a database's, say)."),
              port: port.describe("Destination port (1-65535)."),
              protocol: z.enum(['tcp', 'udp']).default('tcp').describe("tcp or udp. Default: tcp"),
              /** The security group rule's description, as EC2 accepts it (at most 255 of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$*). */
              description: ec2RuleDescription.describe("The security group rule's description, as EC2 accepts it (at most 255 of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$*)."),
              /**
               * Where the destination group's members live (the database subnets, say): the
               * namespace denies egress by default and a NetworkPolicy cannot name a security
               * group, so the workload's pods get egress to this CIDR on the same port and protocol.
               * @default - the VPC CIDR (network.vpcCidr, or existing.vpcCidr)
               */
              cidr: ipv4Cidr.optional().describe("Where the destination group's members live (the database subnets, say): the namespace denies egress by default and a NetworkPolicy cannot name a security group, so the workload's pods get egress to this CIDR on the same port and protocol. Default: the VPC CIDR (network.vpcCidr, or existing.vpcCidr)"),
            }),
          )
          .default([]).describe("Security-group egress of the workload's pods to other security groups (a database's, say), one port each. Default: []"),
      })
      .optional().describe("Security groups for pods: a security group of its own for this workload's pods, bound with a SecurityGroupPolicy. Default: pods share the node security group"),
  })
  .transform((w) => ({ ...w, serviceAccount: w.serviceAccount ?? w.name }));

const iamPrincipalArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
    says('must be an IAM role or user ARN', 'Use arn:aws:iam::<account>:role/<path/><name> (not an sts assumed-role session ARN; include the role path)'),
  );

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** Interface endpoints eksguard knows, plus the S3 gateway endpoint. */
export const ENDPOINT_SERVICES = ['sts', 'ecr.api', 'ecr.dkr', 's3', 'ec2', 'logs', 'eks-auth', 'eks', 'ssm', 'kms', 'secretsmanager', 'sqs', 'dynamodb', 'elasticloadbalancing', 'autoscaling'] as const;
export type EndpointService = (typeof ENDPOINT_SERVICES)[number];
/** What a private cluster needs to pull images, join nodes, log and hand out pod credentials. */
export const DEFAULT_ENDPOINTS: EndpointService[] = ['ec2', 'ecr.api', 'ecr.dkr', 'eks-auth', 'logs', 's3', 'sts'];
export const ACCESS_POLICIES = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy', 'AmazonEKSEditPolicy', 'AmazonEKSViewPolicy', 'AmazonEKSAdminViewPolicy'] as const;
/** Policies that grant cluster administration; cluster-wide only as a reasoned break-glass entry. */
export const ADMIN_ACCESS_POLICIES: readonly string[] = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy'];

const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, says('must be a VPC id', 'Use the id, e.g. vpc-0123456789abcdef0'));

const network = z.strictObject({
  vpcId: vpcId.describe("ID of the VPC the cluster runs in (vpc-...)."),
  /** The VPC's CIDR: network policies let pods reach the VPC endpoints in it on 443. */
  vpcCidr: vpcCidrBlock.describe("The VPC's CIDR: network policies let pods reach the VPC endpoints in it on 443."),
  /** Subnets for the control plane ENIs, the nodes and the interface endpoints; private, in at least two AZs. */
  privateSubnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{4,17}$/, says('must be a subnet id', 'Use the id, e.g. subnet-0123456789abcdef0')))
    .min(2, says('EKS needs subnets in at least two availability zones', 'List at least two private subnets')).describe("Subnets for the control plane ENIs, the nodes and the interface endpoints; private, in at least two AZs."),
  /** Route tables of the private subnets; the S3 gateway endpoint is added to them. */
  privateRouteTableIds: z.array(z.string().regex(/^rtb-[0-9a-f]{4,17}$/, says('must be a route table id', 'Use the id, e.g. rtb-0123456789abcdef0'))).default([]).describe("Route tables of the private subnets; the S3 gateway endpoint is added to them."),
  /**
   * VPC endpoints to create (interface endpoints with private DNS; s3 is a gateway endpoint).
   * @default [ec2, ecr.api, ecr.dkr, eks-auth, logs, s3, sts]
   */
  endpoints: z
    .array(z.enum(ENDPOINT_SERVICES, says(`endpoints entries must be one of ${ENDPOINT_SERVICES.join(', ')}`, 'Name the service as in com.amazonaws.<region>.<service>')))
    .default(DEFAULT_ENDPOINTS)
    .transform((e) => [...new Set(e)].sort()).describe("VPC endpoints to create (interface endpoints with private DNS; s3 is a gateway endpoint). Default: [ec2, ecr.api, ecr.dkr, eks-auth, logs, s3, sts]"),
  /**
   * Opt-out: let nodes reach the internet on 443 (through a NAT gateway), e.g. to pull images
   * from public registries. @default - nodes reach only the cluster, each other and the endpoints
   */
  nodeInternetEgress: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Opt-out: let nodes reach the internet on 443 (through a NAT gateway), e.g. to pull images from public registries. Default: nodes reach only the cluster, each other and the endpoints"),
  /** Webhook ports the control plane may call on nodes, besides 443 and 10250. @default [4443, 6443, 8443, 9443, 10251] */
  webhookPorts: z.array(port).default([4443, 6443, 8443, 9443, 10251]).describe("Webhook ports the control plane may call on nodes, besides 443 and 10250. Default: [4443, 6443, 8443, 9443, 10251]"),
});

const endpointAccess = z
  .strictObject({
    /** @default false - the API server is reachable only from inside the VPC */
    public: z.boolean().default(false).describe("Default: false - the API server is reachable only from inside the VPC"),
    /** Required when public: the only CIDRs that may reach the public endpoint (never 0.0.0.0/0). */
    publicAccessCidrs: z.array(ipv4Cidr).optional().describe("Required when public: the only CIDRs that may reach the public endpoint (never 0.0.0.0/0)."),
    /** Required when public. */
    reason: reason.optional().describe("Required when public."),
  })
  .default({ public: false });

const logging = z
  .strictObject({
    /** @default all five */
    types: z.array(z.enum(CONTROL_PLANE_LOG_TYPES, says(`log types are ${CONTROL_PLANE_LOG_TYPES.join(', ')}`, 'Use the EKS names exactly'))).default([...CONTROL_PLANE_LOG_TYPES]).describe("Default: all five"),
    /** @default 90 */
    retentionDays: z
      .number()
      .int()
      .refine((d) => [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(d), says('retentionDays must be a CloudWatch Logs retention value', 'Use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653'))
      .default(90).describe("Default: 90"),
    /** A CloudTrail log group in this region; adds a saved query for failed AssumeRoleWithWebIdentity calls. @default - none */
    cloudTrailLogGroupName: z.string().regex(/^[\w./#-]{1,512}$/, says('must be a CloudWatch Logs log group name', 'Use the name, e.g. aws-cloudtrail-logs-123456789012')).optional().describe("A CloudTrail log group in this region; adds a saved query for failed AssumeRoleWithWebIdentity calls. Default: none"),
    /** Reasoned opt-out for dropping log types. */
    reducedTypes: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Reasoned opt-out for dropping log types."),
  })
  .default({ types: [...CONTROL_PLANE_LOG_TYPES], retentionDays: 90 });

const accessEntry = z.strictObject({
  principalArn: iamPrincipalArn.describe("ARN of the IAM role or user that gets access (with its path), once per cluster."),
  /** An EKS access policy, at cluster scope, or at namespace scope when namespaces are given. */
  accessPolicy: z.enum(ACCESS_POLICIES, says(`accessPolicy must be one of ${ACCESS_POLICIES.join(', ')}`, 'Pick an EKS access policy, or use kubernetesGroups with your own RBAC')).optional().describe("An EKS access policy, at cluster scope, or at namespace scope when namespaces are given."),
  /** Limit the access policy to these namespaces. @default - cluster scope */
  namespaces: z.array(dnsLabel('namespace')).min(1).optional().describe("Limit the access policy to these namespaces. Default: cluster scope"),
  /** Kubernetes groups for RBAC bindings (never system:masters). */
  kubernetesGroups: z.array(kubernetesGroup).optional().describe("Kubernetes groups for RBAC bindings (never system:masters)."),
  /** @default - EKS derives it from the principal */
  userName: kubernetesUserName.optional().describe("Default: EKS derives it from the principal"),
  /** Required for a cluster-scope admin policy: why this principal administers the whole cluster. */
  breakGlass: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Required for a cluster-scope admin policy: why this principal administers the whole cluster."),
});

const breakGlassRole = z.strictObject({
  /** Who may assume the role (with MFA): IAM users or roles, never an account root. */
  trustedPrincipalArns: z.array(iamPrincipalArn).min(1).describe("Who may assume the role (with MFA): IAM users or roles, never an account root."),
  /**
   * @default 3600 - one hour, IAM's minimum for a role, and eksguard's maximum for break-glass
   * sessions (callers can still ask for shorter ones: `aws sts assume-role --duration-seconds 900`)
   */
  maxSessionDurationSeconds: roleMaxSessionDuration('Use 3600 (callers can still ask for shorter sessions with aws sts assume-role --duration-seconds 900)')
    .max(3600, says('a break-glass session lasts at most 3600 seconds (eksguard\'s security default, within IAM\'s 3600-43200)', 'Use 3600'))
    .default(3600).describe("Default: 3600 - one hour, IAM's minimum for a role, and eksguard's maximum for break-glass sessions (callers can still ask for shorter ones: `aws sts assume-role --duration-seconds 900`)"),
  /**
   * MFA must be this recent (`aws:MultiFactorAuthAge`, seconds since the caller's MFA; IAM sets no
   * range). At most 3600, eksguard's security default for break-glass (the README's "MFA no older
   * than an hour"); at least 60, so the caller can finish assume-role after entering the code.
   * @default 3600
   */
  maxMfaAgeSeconds: z
    .number()
    .int()
    .min(60, says('must be at least 60 seconds', 'Use 60-3600 seconds'))
    .max(3600, says('a break-glass MFA may be at most 3600 seconds old (eksguard\'s security default)', 'Use 60-3600 seconds'))
    .default(3600).describe("MFA must be this recent (`aws:MultiFactorAuthAge`, seconds since the caller's MFA; IAM sets no range). At most 3600, eksguard's security default for break-glass (the README's \"MFA no older than an hour\"); at least 60, so the caller can finish assume-role after entering the code. Default: 3600"),
  reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth."),
});

const access = z
  .strictObject({
    entries: z.array(accessEntry).default([]).describe("Access entries: IAM principals and what they may do in the cluster (access policy, namespaces, Kubernetes groups). Default: []"),
    /** A role for emergencies: MFA, short sessions, cluster admin through an access entry. @default - none */
    breakGlassRole: breakGlassRole.optional().describe("A role for emergencies: MFA, short sessions, cluster admin through an access entry. Default: none"),
  })
  .default({ entries: [] });

/** EKS AMI types eksguard's launch templates support (Linux; EKS-optimized, so no user data is needed). */
export const AMI_TYPES = [
  'AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD', 'AL2023_x86_64_NVIDIA', 'AL2023_ARM_64_NVIDIA', 'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64', 'BOTTLEROCKET_ARM_64', 'BOTTLEROCKET_x86_64_FIPS', 'BOTTLEROCKET_ARM_64_FIPS', 'BOTTLEROCKET_x86_64_NVIDIA', 'BOTTLEROCKET_ARM_64_NVIDIA',
] as const;

const nodeGroup = z.strictObject({
  /** Part of the node group name and its Terraform address. */
  name: dnsLabel('node group name').describe("Part of the node group name and its Terraform address."),
  instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, says('must be an EC2 instance type', 'Use e.g. m6i.large'))).min(1).describe("EC2 instance types of the nodes (at least one), e.g. m6i.large."),
  /**
   * EKS API Reference, NodegroupScalingConfig: minSize and desiredSize at least 0, maxSize at least 1.
   * No upper bound here: the nodes-per-managed-node-group quota (default 450) is adjustable.
   */
  scaling: z
    .strictObject({
      min: z.number().int().min(0, says('scaling.min must be at least 0', 'Use 0 or more nodes')).describe("Fewest nodes (0 or more)."),
      desired: z.number().int().min(0, says('scaling.desired must be at least 0', 'Use 0 or more nodes')).describe("Nodes at creation (between min and max)."),
      max: z.number().int().min(1, says('scaling.max must be at least 1 (EKS)', 'Use 1 or more nodes')).describe("Most nodes."),
    })
    .refine((s) => s.min <= s.desired && s.desired <= s.max, says('scaling needs min <= desired <= max', 'Adjust min, desired and max')).describe("EKS API Reference, NodegroupScalingConfig: minSize and desiredSize at least 0, maxSize at least 1. No upper bound here: the nodes-per-managed-node-group quota (default 450) is adjustable."),
  /** @default AL2023_x86_64_STANDARD */
  amiType: z.enum(AMI_TYPES, says(`amiType must be one of ${AMI_TYPES.join(', ')}`, 'Use an Amazon Linux 2023 or Bottlerocket AMI type (custom and Windows AMIs are not supported)')).default('AL2023_x86_64_STANDARD').describe("Default: AL2023_x86_64_STANDARD"),
  /** @default ON_DEMAND */
  capacityType: z.enum(['ON_DEMAND', 'SPOT'], says('capacityType must be ON_DEMAND or SPOT', 'Pick one')).default('ON_DEMAND').describe("Default: ON_DEMAND"),
  /**
   * Root volume (gp3, encrypted; Bottlerocket's data volume). At most 65536: EC2 launch template
   * `VolumeSize` for gp3 is 1-65,536 GiB (AWS::EC2::LaunchTemplate Ebs); at least 20: the EKS
   * AL2023 AMI's snapshot is 20 GiB and a volume cannot be smaller than its snapshot (EKS refuses
   * "Volume of size 10GB is smaller than snapshot ..., expect size>= 20GB"). @default 50
   */
  diskSizeGiB: z
    .number()
    .int()
    .min(20, says('diskSizeGiB must be at least 20: a volume cannot be smaller than the EKS AMI\'s 20 GiB snapshot', 'Use 20-65536'))
    .max(65536, says('diskSizeGiB must be at most 65536: a gp3 volume holds at most 64 TiB', 'Use 20-65536'))
    .default(50).describe("Root volume (gp3, encrypted; Bottlerocket's data volume). At most 65536: EC2 launch template `VolumeSize` for gp3 is 1-65,536 GiB (AWS::EC2::LaunchTemplate Ebs); at least 20: the EKS AL2023 AMI's snapshot is 20 GiB and a volume cannot be smaller than its snapshot (EKS refuses \"Volume of size 10GB is smaller than snapshot ..., expect size>= 20GB\"). Default: 50"),
  /** Kubernetes labels on the nodes. @default {} */
  labels: z.record(nodeLabelKey, nodeLabelValue).default({}).describe("Kubernetes labels on the nodes. Default: {}"),
  taints: z.array(z.strictObject({ key: taintKey.describe("Taint key."), value: kubernetesLabelValue.optional().describe("Taint value. Default: none"), effect: z.enum(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE']).describe("NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE.") })).max(50, says('a node group has at most 50 taints (EKS)', 'Keep at most 50')).default([]).describe("Kubernetes taints on the nodes (at most 50). Default: []"),
  /**
   * IMDS hop limit. 1 keeps pods off the node role's credentials; 2 only with a reason.
   * @default { hopLimit: 1 }
   */
  imds: z
    .strictObject({ hopLimit: z.union([z.literal(1), z.literal(2)], says('hopLimit must be 1 or 2', 'Use 1; 2 only for pods that must reach IMDS, with a reason')).default(1).describe("IMDS hop limit: 1 keeps pods away from the node role's credentials; 2 only with a reason. Default: 1"), reason: reason.optional().describe("Why pods must reach the instance metadata service (required for hopLimit 2).") })
    .default({ hopLimit: 1 }).describe("IMDS hop limit. 1 keeps pods off the node role's credentials; 2 only with a reason. Default: { hopLimit: 1 }"),
  /** @default - the cluster's private subnets */
  subnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{4,17}$/, says('must be a subnet id', 'Use the id, e.g. subnet-0123456789abcdef0'))).min(1).optional().describe("Default: the cluster's private subnets"),
});

const addons = z
  .strictObject({
    /** How the VPC CNI (kube-system/aws-node) gets its AWS permissions. @default irsa */
    cniIdentity: z.enum(['irsa', 'pod-identity'], says('cniIdentity must be irsa or pod-identity', 'Pick one')).default('irsa').describe("How the VPC CNI (kube-system/aws-node) gets its AWS permissions. Default: irsa"),
    /** Pinned add-on versions (`aws eks describe-addon-versions`). @default - the EKS default for the cluster version */
    versions: z.partialRecord(z.enum(['vpc-cni', 'coredns', 'kube-proxy', 'eks-pod-identity-agent']), z.string().regex(/^v[\w.-]+$/, says('must be an add-on version', 'Use e.g. v1.19.2-eksbuild.1'))).default({}).describe("Pinned add-on versions (`aws eks describe-addon-versions`). Default: the EKS default for the cluster version"),
  })
  .default({ cniIdentity: 'irsa', versions: {} });

export const clusterSchema = z.strictObject({
  name: clusterName.describe("EKS cluster name, as AWS shows it; names the cluster's stacks and Terraform addresses."),
  /**
   * The cluster exists already; eksguard references it by name and issuer URL and makes its IAM
   * OIDC provider, access entries and workload identities.
   * @default - eksguard creates the cluster (network and secretsEncryption are then required)
   */
  existing: z
    .strictObject({
      /** `https://oidc.eks.<region>.amazonaws.com/id/<ID>`, as `aws eks describe-cluster` prints it. */
      oidcIssuerUrl: z
        .string()
        .regex(/^(https:\/\/)?oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+\/*$/, says('must be the cluster\'s classic EKS OIDC issuer URL', 'Copy it from `aws eks describe-cluster --query cluster.identity.oidc.issuer` (not the dual-stack oidc-eks.<region>.api.aws form: tokens carry the classic issuer)')).describe("`https://oidc.eks.<region>.amazonaws.com/id/<ID>`, as `aws eks describe-cluster` prints it."),
      /**
       * Whether the cluster's eks-pod-identity-agent add-on exists (`installed`) or eksguard adds it
       * (`create`); required once a workload uses Pod Identity. @default - required with Pod Identity
       */
      podIdentityAgent: z.enum(['create', 'installed'], says('podIdentityAgent must be create or installed', 'Say whether eksguard adds the eks-pod-identity-agent add-on or it is installed already')).optional().describe("Whether the cluster's eks-pod-identity-agent add-on exists (`installed`) or eksguard adds it (`create`); required once a workload uses Pod Identity. Default: required with Pod Identity"),
      /** The cluster's VPC CIDR; network policies let pods reach AWS endpoints in it on 443. @default - no endpoint egress (then pods need it by other rules) */
      vpcCidr: vpcCidrBlock.optional().describe("The cluster's VPC CIDR; network policies let pods reach AWS endpoints in it on 443. Default: no endpoint egress (then pods need it by other rules)"),
      /** Needed for workloads with a securityGroup: the VPC and the nodes' security group (DNS and probes). */
      vpcId: vpcId.optional().describe("Needed for workloads with a securityGroup: the VPC and the nodes' security group (DNS and probes)."),
      nodeSecurityGroupId: securityGroupId.optional().describe("The nodes' security group of an existing cluster (sg-...), for workloads with their own security group."),
      /** @default - eksguard creates the IAM OIDC provider in the cluster stack */
      oidcProviderArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/oidc\.eks\./, says('must be an IAM OIDC provider ARN for an EKS issuer', 'Use arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>, or omit it to let eksguard create the provider'))
        .optional().describe("Default: eksguard creates the IAM OIDC provider in the cluster stack"),
    })
    .optional().describe("The cluster exists already; eksguard references it by name and issuer URL and makes its IAM OIDC provider, access entries and workload identities. Default: eksguard creates the cluster (network and secretsEncryption are then required)"),
  /**
   * The cluster's Kubernetes minor version. A cluster eksguard creates runs it; for an existing
   * cluster it only pins the Pod Security labels' policy versions (`v<version>`), and is required
   * once eksguard labels a namespace there (eksguard cannot read it from a cluster it does not create).
   * @default 1.33 (for a cluster eksguard creates)
   */
  kubernetesVersion: z
    .string()
    .regex(/^1\.\d{2}$/, says('kubernetesVersion must be like "1.33"', 'Quote it in YAML: kubernetesVersion: "1.33"'))
    // Pod Security reads a version newer than it knows as "latest", which is what pinning avoids.
    .refine((v) => !/^1\.\d{2}$/.test(v) || Number(v.split('.')[1]) <= NEWEST_KUBERNETES_MINOR, says(`kubernetesVersion is newer than any Kubernetes eksguard knows (1.${NEWEST_KUBERNETES_MINOR})`, `Use the cluster's version, 1.${NEWEST_KUBERNETES_MINOR} or older (the rule pack's CKV_AWS_339 range)`))
    .default('1.33').describe("The cluster's Kubernetes minor version. A cluster eksguard creates runs it; for an existing cluster it only pins the Pod Security labels' policy versions (`v<version>`), and is required once eksguard labels a namespace there (eksguard cannot read it from a cluster it does not create). Default: 1.33 (for a cluster eksguard creates)"),
  network: network.optional().describe("The VPC, subnets, route tables and VPC endpoints of a cluster eksguard creates. Default: required unless the cluster is existing"),
  endpointAccess: endpointAccess.describe("Who reaches the Kubernetes API: private only, or public from listed CIDRs with a reason. Default: { public: false }"),
  logging: logging.describe("Control-plane log types and retention. Default: all five types, 90 days"),
  /** Envelope encryption of Kubernetes secrets with a customer key created here. */
  secretsEncryption: z
    .strictObject({
      /**
       * Who administers the key (the key policy names them; include the role that runs Terraform,
       * or the next apply cannot update the key).
       */
      keyAdministratorArns: z.array(iamPrincipalArn).min(1, says('a key needs at least one administrator', 'List the role that runs Terraform and your security team\'s role')).describe("Who administers the key (the key policy names them; include the role that runs Terraform, or the next apply cannot update the key)."),
    })
    .optional().describe("Envelope encryption of Kubernetes secrets with a customer key created here."),
  access: access.describe("Who may use the cluster: access entries and the break-glass role."),
  nodeGroups: z.array(nodeGroup).default([]).describe("Managed node groups on hardened launch templates (IMDSv2, hop limit 1, private subnets). Default: []"),
  addons: addons.describe("Managed add-ons: the VPC CNI's identity and pinned versions. Default: { cniIdentity: irsa }"),
  /**
   * Pod Security Admission level per namespace. Every workload namespace gets `restricted` unless
   * listed here; `default` and namespaces marked `existing` are labelled, not created, and there
   * eksguard's baseline covers only its own workloads unless `scope: namespace`. Kubernetes' own
   * namespaces (`kube-*`) cannot be listed: eksguard never labels them or gives them policies.
   */
  namespaces: z
    .record(
      dnsLabel('namespace'),
      z.strictObject({
        /** @default restricted */
        podSecurity: z.enum(['restricted', 'baseline', 'privileged'], says('podSecurity must be restricted, baseline or privileged', 'Pick a Pod Security Standard')).default('restricted').describe("Default: restricted"),
        /** Required below restricted. */
        reason: reason.optional().describe("Required below restricted."),
        /** The namespace exists (made elsewhere): label it, do not create it. @default false */
        existing: z.boolean().default(false).describe("The namespace exists (made elsewhere): label it, do not create it. Default: false"),
        /**
         * For a namespace eksguard does not create (`default`, or `existing: true`), what its
         * baseline covers. `workloads`: the default-deny, DNS, endpoint and agent network policies
         * select only eksguard's workloads there, and Pod Security is audited and warned, not
         * enforced, so pods eksguard does not manage keep working. `namespace`: every pod, as in the
         * namespaces eksguard creates: pods it does not manage lose all traffic no policy admits,
         * and new pods below the level are refused. Each is reported on every synth.
         * @default workloads (namespaces eksguard creates always cover every pod)
         */
        scope: z.enum(NAMESPACE_SCOPES, says('scope must be workloads or namespace', 'Use workloads (only eksguard\'s workloads) or namespace (every pod in it)')).optional().describe("For a namespace eksguard does not create (`default`, or `existing: true`), what its baseline covers. `workloads`: the default-deny, DNS, endpoint and agent network policies select only eksguard's workloads there, and Pod Security is audited and warned, not enforced, so pods eksguard does not manage keep working. `namespace`: every pod, as in the namespaces eksguard creates: pods it does not manage lose all traffic no policy admits, and new pods below the level are refused. Each is reported on every synth. Default: workloads (namespaces eksguard creates always cover every pod)"),
      }),
    )
    .default({}).describe("Pod Security Admission level per namespace. Every workload namespace gets `restricted` unless listed here; `default` and namespaces marked `existing` are labelled, not created, and there eksguard's baseline covers only its own workloads unless `scope: namespace`. Kubernetes' own namespaces (`kube-*`) cannot be listed: eksguard never labels them or gives them policies."),
  /** RBAC for the Kubernetes groups of access entries: the developer role, per namespace. */
  rbac: z
    .strictObject({
      groups: z
        .record(
          z.string().regex(/^[a-z0-9]([-a-z0-9:.]*[a-z0-9])?$/, says('must be a Kubernetes group name', 'Use the group named in an access entry, e.g. developers')),
          z.strictObject({
            /** Namespaces where the group reads deployments, replica sets, pods and logs. */
            namespaces: z.array(dnsLabel('namespace')).min(1).describe("Namespaces where the group reads deployments, replica sets, pods and logs."),
            /** Also `create` on pods/exec (a shell in the pods): only with a reason. @default - no exec */
            exec: z.strictObject({ reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth.") }).optional().describe("Also `create` on pods/exec (a shell in the pods): only with a reason. Default: no exec"),
          }),
        )
        .default({}).describe("Per Kubernetes group (as named by access entries): the namespaces where it reads workloads and logs."),
    })
    .default({ groups: {} }).describe("RBAC for the Kubernetes groups of access entries: the developer role, per namespace."),
  /** Secrets Store CSI driver and its AWS provider (installed when a workload has secrets). */
  secretsStoreCsi: z
    .strictObject({
      /**
       * The kubernetes-sigs chart; 1.6 and later require Kubernetes 1.30 or later (use 1.5.6 below).
       * @default 1.6.0
       */
      driverChartVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default(CSI_DRIVER_CHART_DEFAULT).describe("The kubernetes-sigs chart; 1.6 and later require Kubernetes 1.30 or later (use 1.5.6 below). Default: 1.6.0"),
      /** @default 3.1.1 */
      awsProviderChartVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default(CSI_AWS_PROVIDER_CHART_DEFAULT).describe("Default: 3.1.1"),
      /**
       * How often mounted and synced secrets are refreshed: from driver 1.6 the least time between
       * two refreshes of a mount (kubelet's periodic republish triggers them).
       * @default 3600s (the AWS provider's advice: each refresh is an API call per secret per pod)
       */
      rotationPollInterval: z.string().regex(/^\d+(s|m|h)$/, says('rotationPollInterval must be a duration like 120s, 2m or 1h', 'Write a number with s, m or h')).default('3600s').describe("How often mounted and synced secrets are refreshed: from driver 1.6 the least time between two refreshes of a mount (kubelet's periodic republish triggers them). Default: 3600s (the AWS provider's advice: each refresh is an API call per secret per pod)"),
    })
    .default({ driverChartVersion: CSI_DRIVER_CHART_DEFAULT, awsProviderChartVersion: CSI_AWS_PROVIDER_CHART_DEFAULT, rotationPollInterval: '3600s' }).describe("Secrets Store CSI driver and its AWS provider (installed when a workload has secrets)."),
  /**
   * Workloads split across stacks so every Terraform run stays small: a workload's stack is a hash
   * of `<namespace>/<name>` modulo `shards`, so adding a workload never moves another.
   * @default { shards: 1, maxWorkloadsPerStack: 500 }
   */
  sharding: z
    .strictObject({
      /** Number of workloads stacks, `<cluster>-workloads-<n>` (1: a single `<cluster>-workloads`); eksguard's own range, no AWS limit. @default 1 */
      shards: z.number().int().min(1, says('shards must be at least 1', 'Use 1-256')).max(256, says('shards must be at most 256', 'Use 1-256')).default(1).describe("Number of workloads stacks, `<cluster>-workloads-<n>` (1: a single `<cluster>-workloads`); eksguard's own range, no AWS limit. Default: 1"),
      /** A stack with more workloads than this fails validation (raise shards); eksguard's own limit. @default 500 */
      maxWorkloadsPerStack: z.number().int().min(1, says('maxWorkloadsPerStack must be at least 1', 'Use the most workloads one Terraform run should hold, e.g. 500')).default(500).describe("A stack with more workloads than this fails validation (raise shards); eksguard's own limit. Default: 500"),
    })
    .default({ shards: 1, maxWorkloadsPerStack: 500 }).describe("Workloads split across stacks so every Terraform run stays small: a workload's stack is a hash of `<namespace>/<name>` modulo `shards`, so adding a workload never moves another. Default: { shards: 1, maxWorkloadsPerStack: 500 }"),
  /** CloudWatch Logs Insights saved queries over the audit log. @default true */
  auditQueries: z.boolean().default(true).describe("CloudWatch Logs Insights saved queries over the audit log. Default: true"),
  /**
   * How the kubernetes provider gets its short-lived token: `token` reads `aws_eks_cluster_auth`
   * (works on Terraform Cloud runners), `exec` runs `aws eks get-token` on each call.
   * @default token
   */
  kubernetesAuth: z.enum(['token', 'exec'], says('kubernetesAuth must be token or exec', 'Use token (aws_eks_cluster_auth) or exec (aws eks get-token)')).default('token').describe("How the kubernetes provider gets its short-lived token: `token` reads `aws_eks_cluster_auth` (works on Terraform Cloud runners), `exec` runs `aws eks get-token` on each call. Default: token"),
  workloads: z.array(workloadSchema).default([]).describe("The workloads of this cluster: each gets its own role, service account and only the access it lists. Default: []"),
});

export const platformSchema = z.strictObject({
  region: region.describe("AWS region of the clusters, e.g. us-east-1."),
  /** The AWS account the platform lives in; ARNs in policies are written out literally. */
  accountId: accountId.describe("The AWS account the platform lives in; ARNs in policies are written out literally."),
  /** Tags on every AWS resource (provider default_tags). @default {} */
  tags: awsTags.default({}).describe("Tags on every AWS resource (provider default_tags). Default: {}"),
  /** @default { type: local } - state files beside the project, outside cdktf.out */
  backend: z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('local').describe("local: state files on disk."),
        /** Directory for `terraform.<stack>.tfstate`, relative to the working directory. @default . */
        // A path, never template text: Terraform reads the backend block without evaluating it but
        // evaluates the remote-state lookups of the same path, so `${` would make them two paths.
        stateDir: z.string().min(1).regex(/^[A-Za-z0-9._/ @+=,~-]+$/, says('stateDir must be a directory path of letters, digits, spaces and ._/@+=,~-', 'Write a plain relative or absolute path, e.g. state/')).default('.').describe("Directory for `terraform.<stack>.tfstate`, relative to the working directory. Default: ."),
      }),
      z.strictObject({
        type: z.literal('s3').describe("s3: state in an S3 bucket."),
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, says('must be an S3 bucket name', 'Use the state bucket\'s name')).describe("Name of the S3 bucket that holds the state."),
        /** @default - the platform region */
        region: region.optional().describe("Default: the platform region"),
        /** State key of a stack: `<keyPrefix>/<stack>.tfstate`. @default eksguard */
        keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/).default('eksguard').describe("State key of a stack: `<keyPrefix>/<stack>.tfstate`. Default: eksguard"),
        /** S3-native state locking (Terraform 1.10+, no DynamoDB table). @default true */
        useLockfile: z.literal(true, says('useLockfile must be true: eksguard only locks state with S3 lockfiles', 'Remove it or set true (DynamoDB locking is deprecated)')).default(true).describe("S3-native state locking (Terraform 1.10+, no DynamoDB table). Default: true"),
        /** KMS key for the state objects. @default - the bucket's default encryption */
        kmsKeyId: kmsKeyReference.optional().describe("KMS key for the state objects. Default: the bucket's default encryption"),
        /** A role Terraform assumes to reach the bucket. @default - the caller's credentials */
        roleArn: iamPrincipalArn.optional().describe("A role Terraform assumes to reach the bucket. Default: the caller's credentials"),
      }),
      z.strictObject({
        type: z.literal('cloud').describe("cloud: HCP Terraform (Terraform Cloud) workspaces."),
        organization: z.string().regex(/^[A-Za-z0-9_-]+$/, says('must be an HCP Terraform organization name', 'Use the organization\'s name')).describe("HCP Terraform organization name."),
        /** Workspace of a stack: `<workspacePrefix><stack>`. @default eksguard- */
        workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/).default('eksguard-').describe("Workspace of a stack: `<workspacePrefix><stack>`. Default: eksguard-"),
        /** HCP Terraform project the workspaces belong to. @default - the organization's default project */
        project: hcpProjectName.optional().describe("HCP Terraform project the workspaces belong to. Default: the organization's default project"),
        /** @default app.terraform.io */
        hostname: z.string().regex(/^[a-z0-9.-]+$/).default('app.terraform.io').describe("Default: app.terraform.io"),
      }),
    ], { error: says('backend.type must be local, s3 or cloud', 'Use { type: local }, { type: s3, bucket } or { type: cloud, organization }') })
    .default({ type: 'local', stateDir: '.' }).describe("Default: { type: local } - state files beside the project, outside cdktf.out"),
  iam: z
    .strictObject({
      /** @default / */
      rolePath: z.string().regex(/^\/([\w+=,.@-]+\/)*$/, says('role path must start and end with "/"', 'Use / or /eksguard/')).max(512).default('/').describe("Default: /"),
      /** Opt-out: the permissions boundary of every role eksguard creates. @default - eksguard's boundary, one per cluster */
      permissionsBoundary: permissionsBoundary.optional().describe("Opt-out: the permissions boundary of every role eksguard creates. Default: eksguard's boundary, one per cluster"),
      /**
       * The account's trust policy quota: IAM and AWS STS quotas, "Role trust policy length", 2,048
       * characters by default, raisable to 8,192 (Service Quotas L-C07B4B0D). @default 2048
       */
      trustPolicyMaxChars: z
        .number()
        .int()
        .min(2048, says('must be at least 2048: IAM\'s default trust policy quota', 'Use your account\'s quota, 2048-8192'))
        .max(8192, says('must be at most 8192: IAM\'s largest trust policy quota', 'Use your account\'s quota, 2048-8192'))
        .default(2048).describe("The account's trust policy quota: IAM and AWS STS quotas, \"Role trust policy length\", 2,048 characters by default, raisable to 8,192 (Service Quotas L-C07B4B0D). Default: 2048"),
    })
    .default({ rolePath: '/', trustPolicyMaxChars: 2048 }).describe("IAM settings for every role eksguard creates: path, permissions boundary, trust policy quota. Default: { rolePath: /, trustPolicyMaxChars: 2048 }"),
  clusters: z.array(clusterSchema).min(1, says('at least one cluster is needed', 'Add an entry under clusters')).describe("The EKS clusters (at least one), each with its network, access, node groups and workloads."),
  /**
   * Other AWS accounts that hold resources workloads use. For each, eksguard writes the resource
   * side of the access (KMS grants; bucket, secret and repository policies) in a stack
   * `<cluster>-account-<id>` whose provider assumes `roleArn` there. @default {}
   */
  accounts: z
    .record(
      accountId,
      z.strictObject({
        /** The role Terraform assumes in that account. */
        roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, says('must be an IAM role ARN', 'Use arn:aws:iam::<account>:role/<name>')).describe("The role Terraform assumes in that account."),
        /** @default - the platform region */
        region: region.optional().describe("Default: the platform region"),
        /**
         * Whether eksguard owns the whole resource policies of that account's buckets, secrets and
         * repositories it writes to (a policy resource replaces any other statement). Otherwise
         * their statements are stack outputs for the owners to merge. KMS grants are always made.
         * @default false
         */
        managePolicies: z.boolean().default(false).describe("Whether eksguard owns the whole resource policies of that account's buckets, secrets and repositories it writes to (a policy resource replaces any other statement). Otherwise their statements are stack outputs for the owners to merge. KMS grants are always made. Default: false"),
      }),
    )
    .default({}).describe("Other AWS accounts that hold resources workloads use. For each, eksguard writes the resource side of the access (KMS grants; bucket, secret and repository policies) in a stack `<cluster>-account-<id>` whose provider assumes `roleArn` there. Default: {}"),
  /**
   * Findings of the rule pack accepted on purpose. Each names one rule (its exact id), the target (a
   * Terraform address `[<stack>/]<type>.<name>`; `*` only inside the name, never across `.` or `/`,
   * never in the stack or the type), why, and how many findings it may cover (`matches`, default 1:
   * one that matches more acknowledges none); listed in cdktf.out/eksguard-report.json on every
   * synth, with a warning for every one that covers several. @default []
   */
  acknowledgements: z
    .array(
      z
        .strictObject({
          /** One rule id of the pack, exactly (a finding names it: `error [CKV_AWS_341] ...`). */
          rule: z.enum(RULE_IDS as [string, ...string[]], {
            error: (issue) => {
              const got = issue.input;
              if (typeof got !== 'string') return says('must be a rule id', 'Use the id a finding names, e.g. CKV_AWS_341');
              if (/[*?[\]]/.test(got)) return says('must be one rule id, not a pattern: a pattern would acknowledge findings of rules nobody reviewed', 'Write one acknowledgement per rule, naming its id, e.g. CKV_AWS_341');
              const near = closestIds(got, RULE_IDS);
              return says('is not a rule of the pack', near.length > 0 ? `Did you mean ${near.join(' or ')}? Use the id a finding names, exactly` : 'Use the id a finding names (src/rules/packs/<id>.ts), e.g. CKV_AWS_341');
            },
          }).describe("One rule id of the pack, exactly (a finding names it: `error [CKV_AWS_341] ...`)."),
          /** `[<stack>/]<type>.<name>`; `*` only inside the name. */
          target: z.string().superRefine((target, ctx) => {
            const t = parseTarget(target);
            if (isTargetProblem(t)) ctx.addIssue({ code: 'custom', message: says(t.message, t.fix), input: target });
          }).describe("`[<stack>/]<type>.<name>`; `*` only inside the name."),
          reason: reason.describe("Why this opt-out is needed, for reviewers and auditors (at least 10 characters, one line); reported on every synth."),
          /** `YYYY-MM-DD`; after it the acknowledgement stops applying (and synth says so). */
          expires: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, says('expires must be a date YYYY-MM-DD', 'Write e.g. 2027-03-31'))
            // Compared as text with today's date: a day that does not exist (2026-02-30, 2026-13-01)
            // would sort after every real day of its year and outlive the date it seems to name.
            .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDay(d), says('expires must be a day of the calendar', 'Write an existing date, e.g. 2027-02-28'))
            .optional().describe("`YYYY-MM-DD`; after it the acknowledgement stops applying (and synth says so)."),
          /**
           * How many findings a target with `*`, or without a stack, may cover once each is reviewed;
           * covering more acknowledges none of them. @default 1
           */
          matches: z
            .number()
            .int(says('must be a whole number of findings', 'Write how many findings the target covers, e.g. 2'))
            .min(1, says('must be at least 1', 'Remove matches to cover one finding'))
            .max(1000, says('must be at most 1000', 'Narrow the target: one acknowledgement is for findings someone reviewed one by one'))
            .optional().describe("How many findings a target with `*`, or without a stack, may cover once each is reviewed; covering more acknowledges none of them. Default: 1"),
        })
        .superRefine((a, ctx) => {
          const t = parseTarget(a.target);
          if (a.matches !== undefined && a.matches > 1 && !isTargetProblem(t) && t.stack !== undefined && !t.glob) {
            ctx.addIssue({ code: 'custom', path: ['matches'], message: says('is above 1, but the target names one address of one stack, which is one finding', 'Remove matches'), input: a.matches });
          }
        }),
    )
    .default([]).describe("Findings of the rule pack accepted on purpose. Each names one rule (its exact id), the target (a Terraform address `[<stack>/]<type>.<name>`; `*` only inside the name, never across `.` or `/`, never in the stack or the type), why, and how many findings it may cover (`matches`, default 1: one that matches more acknowledges none); listed in cdktf.out/eksguard-report.json on every synth, with a warning for every one that covers several. Default: []"),
});

/** What users write (defaults optional). */
export type PlatformConfigInput = z.input<typeof platformSchema>;
/** What the rest of eksguard reads (defaults applied). */
export type PlatformConfig = z.output<typeof platformSchema>;
export type ClusterConfig = PlatformConfig['clusters'][number];
export type WorkloadConfig = ClusterConfig['workloads'][number];
export type S3AccessConfig = WorkloadConfig['s3'][number];
export type KmsAccessConfig = WorkloadConfig['kms'][number];
export type SecretAccessConfig = WorkloadConfig['secrets'][number];
export type SqsAccessConfig = WorkloadConfig['sqs'][number];
export type DynamodbAccessConfig = WorkloadConfig['dynamodb'][number];
export type EksAccessConfig = WorkloadConfig['eks'][number];
export type NodeGroupConfig = ClusterConfig['nodeGroups'][number];
export type AccessEntryConfig = ClusterConfig['access']['entries'][number];
export type NetworkConfig = NonNullable<ClusterConfig['network']>;
