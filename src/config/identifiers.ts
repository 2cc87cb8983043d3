/**
 * Fields that AWS or Kubernetes read as identifiers, not prose: tags, labels, taints, Kubernetes
 * groups and user names, key references. Each accepts what the service accepts and nothing
 * more, so a value that would fail at apply (or that reads as an expression) fails here with the
 * field's name; so does free text that AWS takes verbatim under its own character rules (a
 * security group rule's description). Other free text (reasons, descriptions, encryption
 * context) is escaped on its way to Terraform instead (src/terraform/escape.ts). Pure.
 */
import { z } from 'zod';
import { says } from './problems';

/** Kubernetes qualified name: an optional DNS-subdomain prefix and `/`, then 1-63 characters. */
const QUALIFIED_NAME = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A label (or taint) key as Kubernetes validates it (`example.com/role`, `team`). */
export const kubernetesLabelKey = z
  .string()
  .refine((k) => QUALIFIED_NAME.test(k) && k.split('/').pop()!.length <= 63 && (k.includes('/') ? k.split('/')[0].length <= 253 : true), says('must be a Kubernetes label key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "."', 'Write e.g. team or example.com/role'));

/** A label (or taint) value: empty, or at most 63 letters, digits, `-`, `_` and `.`. */
export const kubernetesLabelValue = z
  .string()
  .max(63, says('a Kubernetes label value is at most 63 characters', 'Shorten it'))
  .regex(LABEL_VALUE, says('must be a Kubernetes label value: letters, digits, "-", "_" or ".", starting and ending with a letter or digit', 'Write e.g. general or spot-1'));

/**
 * A node label of an EKS node group: a Kubernetes label key of at most 63 characters in all (the
 * EKS API's limit), outside the kubernetes.io and k8s.io namespaces that kubelet refuses to set on
 * its own node (kubelet.kubernetes.io/ and node.kubernetes.io/ are the ones it may).
 */
export const nodeLabelKey = kubernetesLabelKey
  .refine((k) => k.length <= 63, says('an EKS node group label key is at most 63 characters in all', 'Shorten it'))
  .refine((k) => {
    const prefix = k.includes('/') ? k.split('/')[0] : '';
    const reserved = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
    return !reserved || prefix === 'kubelet.kubernetes.io' || prefix === 'node.kubernetes.io';
  }, says('kubelet refuses to set labels under kubernetes.io/ and k8s.io/ on its node (only kubelet.kubernetes.io/ and node.kubernetes.io/)', 'Use a prefix of your own, e.g. example.com/role'));

/** A node label value: 1-63 characters (the EKS API refuses an empty one). */
export const nodeLabelValue = kubernetesLabelValue.refine((v) => v.length >= 1, says('an EKS node group label value cannot be empty', 'Give the label a value'));

/** A taint key of an EKS node group: a Kubernetes label key of at most 63 characters in all. */
export const taintKey = kubernetesLabelKey.refine((k) => k.length <= 63, says('an EKS taint key is at most 63 characters in all', 'Shorten it'));

/** Prefixes Kubernetes and EKS keep for their own identities (EKS refuses them in user names). */
export const RESERVED_IDENTITY_PREFIXES = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'] as const;
const reserved = (v: string) => RESERVED_IDENTITY_PREFIXES.some((p) => v.toLowerCase().startsWith(p));

/**
 * A Kubernetes group of an access entry. Groups under the reserved prefixes are Kubernetes' and
 * EKS's own (system:masters, system:nodes, system:authenticated, ...): granting one hands out
 * what those identities hold, so none is accepted.
 */
export const kubernetesGroup = z
  .string()
  .min(1)
  .max(255, says('a group name is at most 255 characters', 'Shorten it'))
  .refine((g) => g.toLowerCase() !== 'system:masters', says('system:masters cannot be granted: it bypasses RBAC and cannot be revoked by EKS', 'Use accessPolicy: AmazonEKSClusterAdminPolicy with breakGlass: { reason }'))
  .refine((g) => g.toLowerCase() === 'system:masters' || !reserved(g), says(`groups starting with ${RESERVED_IDENTITY_PREFIXES.join(', ')} belong to Kubernetes and EKS`, 'Name a group of your own, e.g. developers, and bind it with rbac.groups or your RBAC'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._@/+-]*$/, says('must be a group name: letters, digits and :._@/+-, starting with a letter or digit', 'Write e.g. developers or team:payments'));

/** A Kubernetes user name of an access entry, as EKS accepts it ({{SessionName}}-style templates included). */
export const kubernetesUserName = z
  .string()
  .min(1)
  .max(255, says('a user name is at most 255 characters', 'Shorten it'))
  .refine((u) => !reserved(u), says(`EKS refuses user names starting with ${RESERVED_IDENTITY_PREFIXES.join(', ')}`, 'Choose another name, or omit userName to let EKS derive it from the principal'))
  .regex(/^([A-Za-z0-9:._@/+=,-]|\{\{(SessionName|SessionNameRaw|AccountID)\}\})+$/, says('must be a user name: letters, digits, :._@/+=,- and the templates {{SessionName}}, {{SessionNameRaw}}, {{AccountID}}', 'Write e.g. developer:{{SessionName}}, or omit userName'));

/** AWS tag key: 1-128 letters, digits, spaces and `_.:/=+-@`; `aws:` is AWS's, `eksguard:` eksguard's. */
export const awsTagKey = z
  .string()
  .min(1, says('a tag key cannot be empty', 'Name the tag'))
  .max(128, says('a tag key is at most 128 characters', 'Shorten it'))
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, says('must be an AWS tag key: letters, digits, spaces and _.:/=+-@', 'Write e.g. team or cost-center'))
  .refine((k) => !k.toLowerCase().startsWith('aws:'), says('tag keys starting with aws: are reserved by AWS', 'Choose another key'))
  // IAM compares tag keys ignoring case: `Managed-By` would duplicate eksguard's `managed-by` on every role.
  .refine((k) => !k.toLowerCase().startsWith('eksguard:') && k.toLowerCase() !== 'managed-by', says('eksguard writes this tag itself (eksguard:* and managed-by, in any case)', 'Choose another key'));

/** AWS tag value: at most 256 letters, digits, spaces and `_.:/=+-@`. */
export const awsTagValue = z
  .string()
  .max(256, says('a tag value is at most 256 characters', 'Shorten it'))
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, says('must be an AWS tag value: letters, digits, spaces and _.:/=+-@', 'Remove the other characters'));

/** A KMS key for the state bucket: key id, key ARN, alias name or alias ARN. */
export const kmsKeyReference = z
  .string()
  .regex(
    /^([0-9a-f-]{36}|mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/([0-9a-f-]{36}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250}))$/,
    says('must be a KMS key id, key ARN, alias/<name> or alias ARN', 'Write e.g. arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
  );

/** HCP Terraform project name: 3-40 letters, digits, spaces, `-` and `_`. */
export const hcpProjectName = z
  .string()
  .regex(/^[A-Za-z0-9 _-]{3,40}$/, says('must be an HCP Terraform project name: 3-40 letters, digits, spaces, "-" or "_"', 'Use the project\'s name as HCP Terraform shows it'));

/** What EC2 accepts in a security group rule's description. */
const EC2_DESCRIPTION_CHARACTER = /[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/;

/**
 * A security group rule's description written by the config author, verbatim: EC2 refuses at
 * apply anything but at most 255 of a-zA-Z0-9, space and `._-:/()#,@[]+=&;{}!$*`.
 */
export const ec2RuleDescription = z.string().superRefine((text, ctx) => {
  const bad = [...new Set([...text].filter((ch) => !EC2_DESCRIPTION_CHARACTER.test(ch)))];
  if (text.trim().length < 5) ctx.addIssue({ code: 'custom', message: says('a rule needs a description of at least 5 characters', 'Say what the traffic is for, e.g. "PostgreSQL on the orders database"'), input: text });
  else if (text.length > 255) ctx.addIssue({ code: 'custom', message: says(`is ${text.length} characters, and EC2 accepts at most 255 in a rule description`, 'Shorten it'), input: text });
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: says(`has characters EC2 refuses in a rule description (${bad.map((ch) => JSON.stringify(ch)).join(', ')}): it accepts only a-z, A-Z, 0-9, space and ._-:/()#,@[]+=&;{}!$*`, 'Rewrite it with those characters, e.g. "PostgreSQL on the orders database"'), input: text });
  }
});

/**
 * The tags eksguard writes itself on one resource at most: managed-by and eksguard:cluster on
 * every one, and Name with eksguard:node-group, or eksguard:namespace with eksguard:service-account.
 */
export const OWN_TAGS_PER_RESOURCE = 4;
/** AWS's limit of user tags per resource (IAM, EC2, EKS, KMS, CloudWatch Logs). */
export const AWS_TAGS_PER_RESOURCE = 50;

/**
 * The platform's tags (provider default_tags, on every resource): as many as fit beside eksguard's
 * own, and no two keys that differ only in case, which IAM reads as one key and refuses.
 */
export const awsTags = z.record(awsTagKey, awsTagValue).superRefine((tags, ctx) => {
  const keys = Object.keys(tags);
  const max = AWS_TAGS_PER_RESOURCE - OWN_TAGS_PER_RESOURCE;
  if (keys.length > max) {
    ctx.addIssue({ code: 'custom', message: says(`has ${keys.length} tags, but AWS allows ${AWS_TAGS_PER_RESOURCE} per resource and eksguard adds up to ${OWN_TAGS_PER_RESOURCE} of its own`, `Keep at most ${max} tags`), input: keys.length });
  }
  const seen = new Map<string, string>();
  for (const key of keys) {
    const first = seen.get(key.toLowerCase());
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: says(`differs from the tag ${first} only in case, and IAM compares tag keys ignoring case (creating a role with both fails)`, 'Keep one of the two keys'), input: key });
    else seen.set(key.toLowerCase(), key);
  }
});
