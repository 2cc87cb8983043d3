/** Small readers the rules share. Pure. */
import type { RuleContext } from './engine';
import { list, one, Policy, policySize, refName, Statement, TfBlock, TfDocument } from './model';
import { Condition, conditionNarrows, conditionsOn, constrains, iamAllows, includesAction, IamStatement, iamStatements, principalsOfKind } from './normalise/iam';
import { attachmentIndex, stackDocument } from './normalise/attachments';
import { isInternet, isPrivateCidr, netRule, readLocal, protocolOf, reachesPort } from './normalise/network';

export * from './normalise/iam';

export { list, one, policySize, refName };

/**
 * Raw readers of a policy's statements as written (kept for callers outside the IAM rules, e.g.
 * review). IAM rules ask the normalised model instead: iamStatements, iamAllows and the questions
 * of normalise/iam.ts, re-exported below.
 */
export const statements = (p: Policy | undefined): Statement[] => p?.Statement ?? [];
/** Allow statements; a statement without Effect is read as Allow (as checkov does), never assumed safe. */
export const allows = (p: Policy | undefined): Statement[] => statements(p).filter((s) => s.Effect !== 'Deny');
export const actionsOf = (s: Statement): string[] => list(s.Action);
export const resourcesOf = (s: Statement): string[] => list(s.Resource);

export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
/** Whether a CIDR is entirely private (parsed as an address range, see normalise/network.ts). */
export { isPrivateCidr };
export { exposure } from './normalise/network';

/**
 * A rule resource or inline rule whose own sources admit the internet (see normalise/network.ts:
 * address sets, at least half the public space), or that has no source at all (as checkov reads
 * it); `self = true` rules admit only the group itself. Unknown sources are not the internet here:
 * rules ask {@link exposure}, which reports them.
 */
export const fromAnywhere = (r: any): boolean => isInternet(netRule(r, 'ingress', '').addresses);
/** Protocol `-1` or `all`, in any spelling. */
export const allProtocols = (r: any) => protocolOf(r?.ip_protocol ?? r?.protocol) === 'all';
/** Whether a rule's protocol and range reach a port; 0-0 and -1 are read as every port, as checkov does. */
export const coversPort = (r: any, port: number) => reachesPort(netRule(r, 'ingress', ''), port) === true;

/** Ingress or egress rules of a security-group block, standalone or inline, as plain objects. */
export function sgRules(b: TfBlock, direction: 'ingress' | 'egress'): any[] {
  if (b.type === 'aws_security_group' || b.type === 'aws_default_security_group') return list<any>(b.body[direction]);
  if (b.type === `aws_vpc_security_group_${direction}_rule`) return [b.body];
  if (b.type === 'aws_security_group_rule' && b.body.type === direction) return [b.body];
  return [];
}

/**
 * The `metadata_options` of a launch template, instance or launch configuration, each read as
 * `{ tokens, endpoint, hops }` (absent fields undefined; a list holds every block, static or from a
 * dynamic block). Each field is read when a rule asks for it, so a reference in one field does not
 * hide a literal in another (`http_tokens = "optional"` beside a hop limit that is a variable is
 * still IMDSv1). A `${local.x}` of the file whose value is a literal is read as that value; any
 * other reference throws when read: the rule reports it could not be analysed.
 */
export function metadataOptions(b: TfBlock, ctx?: RuleContext): Array<{ readonly tokens?: string; readonly endpoint?: string; readonly hops?: number }> {
  const locals = ctx?.doc.locals ?? {};
  const read = (m: any, key: string) => {
    let v = m?.[key];
    const local = typeof v === 'string' ? /^\$\{([^{}]*)\}$/.exec(v.trim()) : null;
    if (local !== null) {
      const x = readLocal(locals, local[1])?.value;
      if (typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && !x.includes('${'))) v = x;
    }
    if (typeof v === 'string' && v.includes('${')) throw new Error(`metadata_options.${key} is ${v}, not known without a plan`);
    return v === undefined || v === null ? undefined : v;
  };
  const text = (m: any, key: string) => {
    const v = read(m, key);
    return v === undefined ? undefined : String(v).trim().toLowerCase();
  };
  return list<any>(b.body.metadata_options).map((m) => ({
    get tokens() {
      return text(m, 'http_tokens');
    },
    get endpoint() {
      return text(m, 'http_endpoint');
    },
    get hops() {
      const hops = read(m, 'http_put_response_hop_limit');
      if (hops !== undefined && !/^\s*[+-]?\d+\s*$/.test(String(hops))) throw new Error(`metadata_options.http_put_response_hop_limit is ${JSON.stringify(hops)}, not a number`);
      return hops === undefined ? undefined : Number(hops);
    },
  }));
}

/** Principals of a kind; `"*"` (or a bare list of strings, which checkov reads as AWS principals) counts for every kind. */
export const principalList = (s: Statement, kind: string): string[] =>
  s.Principal === '*' ? ['*'] : Array.isArray(s.Principal) ? s.Principal.filter((p: unknown): p is string => typeof p === 'string') : list(s.Principal?.[kind]);

/** Statements that trust an IAM OIDC provider (literal ARN or a reference to one). */
export function oidcStatements(p: Policy | undefined): Statement[] {
  return statements(p).filter((s) => principalList(s, 'Federated').some((f) => f.includes(':oidc-provider/') || /aws_iam_openid_connect_provider|terraform_remote_state/.test(f)));
}

/** Statements that trust the EKS Pod Identity service. */
export const podIdentityStatements = (p: Policy | undefined): Statement[] => statements(p).filter((s) => principalList(s, 'Service').includes('pods.eks.amazonaws.com'));

export const conditionKeys = (s: Statement): string[] => Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block));

/** `sub`/`aud` conditions of a trust statement: operator and values per key suffix. */
export function claimConditions(s: Statement, claim: 'sub' | 'aud'): Array<{ op: string; key: string; values: string[] }> {
  return Object.entries(s.Condition ?? {}).flatMap(([op, block]) =>
    Object.entries(block).filter(([k]) => k.endsWith(`:${claim}`)).map(([key, v]) => ({ op, key, values: list(v as string | string[]) })),
  );
}

/** Whether a role (by Terraform name in the same file) is assumed by EC2: a node role. */
export function isNodeRole(ctx: RuleContext, roleRef: unknown): boolean {
  const name = refName(roleRef, 'aws_iam_role') ?? (typeof roleRef === 'string' ? ctx.blocksBy('aws_iam_role', 'body.name', (r) => r.body.name, roleRef)[0]?.name : undefined);
  const role = ctx.blocksBy('aws_iam_role', 'name', (r) => r.name, name)[0];
  return role !== undefined && iamAllows(ctx.policy(role, 'assume_role_policy')).some((s) => principalsOfKind(s, 'Service').some((p) => p.toLowerCase().startsWith('ec2.amazonaws.com')));
}

/** `service:Action` split; undefined for `*` or malformed. */
export function splitAction(action: string): { service: string; name: string } | undefined {
  const i = action.indexOf(':');
  return i <= 0 ? undefined : { service: action.slice(0, i), name: action.slice(i + 1) };
}

// ---- questions on the normalised model (normalise/iam.ts) --------------------------------------

/**
 * Allows that trust an IAM OIDC provider: a literal ARN, a reference to one, or any expression
 * (`module.eks.oidc_provider_arn`, `var.oidc_provider_arn`) trusted for AssumeRoleWithWebIdentity,
 * which only an OIDC provider (or Cognito, Google, Facebook, Amazon: named literally) can serve.
 */
export function oidcTrusts(p: Policy | undefined): IamStatement[] {
  // Once per policy: seven trust rules ask it of every role (callers only read the list).
  if (p === undefined) return [];
  let trusts = OIDC_TRUSTS.get(p);
  if (trusts === undefined) OIDC_TRUSTS.set(p, (trusts = oidcTrustsOnce(p)));
  return trusts;
}
const OIDC_TRUSTS = new WeakMap<Policy, IamStatement[]>();

function oidcTrustsOnce(p: Policy): IamStatement[] {
  return iamAllows(p).filter((s) =>
    principalsOfKind(s, 'Federated').some(
      (f) => f.toLowerCase().includes(':oidc-provider/') || /aws_iam_openid_connect_provider|terraform_remote_state/.test(f) || (/^\$\{/.test(f.trim()) && includesAction(s.actions, 'sts:AssumeRoleWithWebIdentity')),
    ),
  );
}

/** Allows that trust the EKS Pod Identity service. */
export const podIdentityTrusts = (p: Policy | undefined): IamStatement[] => iamAllows(p).filter((s) => principalsOfKind(s, 'Service').some((x) => x.toLowerCase() === 'pods.eks.amazonaws.com'));

/** Issuers (lower-case, without https://) of the literal OIDC provider ARNs a statement trusts; undefined when one is a reference (any issuer may be it). */
function issuersOf(s: IamStatement): string[] | undefined {
  const out: string[] = [];
  for (const f of principalsOfKind(s, 'Federated')) {
    const i = f.toLowerCase().indexOf(':oidc-provider/');
    if (i < 0 || /^\$\{/.test(f)) {
      if (/^\$\{/.test(f)) return undefined;
      continue;
    }
    out.push(f.slice(i + ':oidc-provider/'.length).replace(/^https:\/\//i, '').toLowerCase());
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Conditions on a web-identity claim (`sub`, `aud`, `amr`): keyed by the issuer of the provider the
 * statement trusts (a `sub` of another cluster's issuer constrains nothing here); any issuer's
 * when the provider is a reference.
 */
export const claims = (s: IamStatement, claim: string): Condition[] => {
  // Once per statement and claim (callers only read the list).
  let byClaim = CLAIMS.get(s);
  if (byClaim === undefined) CLAIMS.set(s, (byClaim = new Map()));
  let found = byClaim.get(claim);
  if (found === undefined) byClaim.set(claim, (found = claimsOnce(s, claim)));
  return found;
};
const CLAIMS = new WeakMap<IamStatement, Map<string, Condition[]>>();

const claimsOnce = (s: IamStatement, claim: string): Condition[] => {
  const issuers = issuersOf(s);
  return conditionsOn(s, `:${claim}`).filter((c) => issuers === undefined || issuers.includes(c.keyLower.slice(0, c.keyLower.length - claim.length - 1).replace(/^https:\/\//, '')));
};

/** The claim's conditions that narrow who is admitted (see {@link constrains}). */
export const claimConstraints = (s: IamStatement, claim: string): Condition[] => claims(s, claim).filter(constrains);

/** Keys (lower-case) of the conditions that narrow a statement. */
export const constrainingKeys = (s: IamStatement): string[] => s.conditions.filter(constrains).map((c) => c.keyLower);

/** Condition keys (lower-case) that narrow who the caller is, or where the call or its target comes from. */
const WHO_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalservicename', 'aws:userid', 'aws:username', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip', 'aws:vpcsourceip', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths', 'kms:calleraccount', 'kms:viaservice']);

/**
 * Whether a condition narrows who is admitted: a constraining condition on an identity or origin
 * key (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `kms:CallerAccount`, `aws:SourceVpce`, ...).
 * `Bool aws:SecureTransport` or a tag check lets everyone in.
 */
export const narrowsWho = (s: IamStatement): boolean => s.conditions.some((c) => WHO_KEYS.has(c.keyLower) && conditionNarrows(c));

/** Whether any condition narrows the statement. */
export const isConstrained = (s: IamStatement): boolean => s.conditions.some(constrains);

export { iamStatements, iamAllows };

/** The attribute holding a block's policy document (SSO permission sets: inline_policy). */
export const policyAttribute = (b: TfBlock): string => (b.type === 'aws_ssoadmin_permission_set_inline_policy' ? 'inline_policy' : 'policy');

interface PolicyUse {
  /** `<stack>/<policy name>` of aws_iam_policy blocks some principal's permissions_boundary references. */
  readonly boundaries: Set<string>;
  /** Policy names that boundary ARNs end with (roles in other stacks name the boundary by ARN). */
  readonly boundaryNames: Set<string>;
  /** aws_iam_policy blocks some attachment of their stack grants (the attachment index). */
  readonly attachedBlocks: Set<TfBlock>;
  /** Policy names that attachments name by ARN (a policy of another stack), lower-cased. */
  readonly attachedNames: Set<string>;
  /** Attachment values only a plan resolves (an expression), as text. */
  readonly unresolved: string[];
}
const USES = new WeakMap<readonly TfDocument[], PolicyUse>();

/** How policies are used across the documents: as boundaries, attached (through the attachment index). Built once per run. */
function policyUse(docs: readonly TfDocument[]): PolicyUse {
  let u = USES.get(docs);
  if (u !== undefined) return u;
  u = { boundaries: new Set(), boundaryNames: new Set(), attachedBlocks: new Set(), attachedNames: new Set(), unresolved: [] };
  const stacks = new Set<TfDocument>();
  for (const d of docs) {
    stacks.add(stackDocument(docs, d));
    for (const b of d.blocks) {
      const pb = b.body?.permissions_boundary;
      const name = refName(pb, 'aws_iam_policy');
      if (name !== undefined) u.boundaries.add(`${d.stack}/${name}`);
      else if (typeof pb === 'string' && /:policy\//.test(pb)) u.boundaryNames.add(pb.slice(pb.lastIndexOf('/') + 1));
    }
  }
  for (const stack of stacks) {
    for (const g of attachmentIndex(stack).grants) {
      if (g.policy.kind === 'customer') u.attachedBlocks.add(g.policy.block);
      else if (g.policy.kind === 'managed') u.attachedNames.add(g.policy.name.toLowerCase());
      else if (g.policy.kind === 'unresolved') u.unresolved.push(g.policy.expression);
    }
  }
  USES.set(docs, u);
  return u;
}

/**
 * The permissions a policy attribute grants. An `aws_iam_policy` that is only a permissions
 * boundary (a role's or user's `permissions_boundary` references it and no attachment names it,
 * by reference or by name) grants nothing: its `Allow NotAction [...]` caps, it does not give.
 */
export function grantedPolicy(b: TfBlock, ctx: RuleContext, attribute = 'policy'): Policy | undefined {
  const p = ctx.policy(b, attribute);
  if (b.type !== 'aws_iam_policy' || b.kind !== 'resource') return p;
  const use = policyUse(ctx.docs);
  const name = typeof b.body?.name === 'string' ? b.body.name : undefined;
  if (!use.boundaries.has(`${b.stack}/${b.name}`) && (name === undefined || !use.boundaryNames.has(name))) return p;
  const attached =
    use.attachedBlocks.has(b) ||
    (name !== undefined && use.attachedNames.has(name.toLowerCase())) ||
    // An attachment only a plan resolves may name it: read it as attached (its grants are checked).
    use.unresolved.some((v) => v.includes(`aws_iam_policy.${b.name}`) || (name !== undefined && v.includes(name)));
  return attached ? p : undefined;
}
