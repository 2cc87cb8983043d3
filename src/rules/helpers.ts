/** Small readers the rules share. Pure. */
import type { RuleContext } from './engine';
import { list, one, Policy, policySize, refName, Statement, TfBlock } from './model';
import { isInternet, isPrivateCidr, netRule, protocolOf, reachesPort } from './normalise/network';

export { list, one, policySize, refName };

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
 * dynamic block). A value that is a reference throws: the rule reports it could not be analysed.
 */
export function metadataOptions(b: TfBlock): Array<{ tokens?: string; endpoint?: string; hops?: number }> {
  const read = (m: any, key: string) => {
    const v = m?.[key];
    if (typeof v === 'string' && v.includes('${')) throw new Error(`metadata_options.${key} is ${v}, not known without a plan`);
    return v === undefined || v === null ? undefined : v;
  };
  return list<any>(b.body.metadata_options).map((m) => {
    const hops = read(m, 'http_put_response_hop_limit');
    if (hops !== undefined && !/^\s*[+-]?\d+\s*$/.test(String(hops))) throw new Error(`metadata_options.http_put_response_hop_limit is ${JSON.stringify(hops)}, not a number`);
    const text = (key: string) => {
      const v = read(m, key);
      return v === undefined ? undefined : String(v).trim().toLowerCase();
    };
    return { tokens: text('http_tokens'), endpoint: text('http_endpoint'), hops: hops === undefined ? undefined : Number(hops) };
  });
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
  return role !== undefined && statements(ctx.policy(role, 'assume_role_policy')).some((s) => principalList(s, 'Service').some((p) => p.startsWith('ec2.amazonaws.com')));
}

/** `service:Action` split; undefined for `*` or malformed. */
export function splitAction(action: string): { service: string; name: string } | undefined {
  const i = action.indexOf(':');
  return i <= 0 ? undefined : { service: action.slice(0, i), name: action.slice(i + 1) };
}
