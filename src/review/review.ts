/**
 * `eksguard review`: the security diff of two Terraform outputs, for a pull request. Complete by
 * construction: every addition, removal or change of a block of a security-relevant type is either
 * classified by an analysis (who can assume each role, what each principal may do through any
 * attachment, boundaries, security group rules, endpoint and resource policies, access entries,
 * cluster exposure, instance metadata, Kubernetes RBAC and NetworkPolicies, deletions and
 * replacements) as widening, narrowing or neutral, or reported as an unclassified change, which
 * counts as widening. A changed reference target (a local, a variable default, a data block) changes
 * every block that reads it; a delete + create of the same body is a rename. Everything is compared
 * as sets keyed by Terraform address, so reordering changes nothing. Pure: no cdktf imports.
 */
import { TfBlock, TfDocument } from '../rules/model';
import { stackDocument } from '../rules/normalise/attachments';
import { tagsGrantAccess, at, changedPaths, isSecurityRelevant, judge, matchRenames, References, readsOf, RESOURCE_POLICIES, show, addsAndRemovesRead } from './coverage';
import { k8sBroadens, k8sLines } from './kubernetes';
import { accessLines, clusterLines, grantLines, imdsBroadens, imdsLines, policyBroadens, policyOf, principalPermissions, protectionBroadens, sgRuleLines, sorted, trustConstraints, trustLines } from './lines';

export { grantLines, trustLines } from './lines';
export { reviewMarkdown } from './markdown';

export type Category = 'trust' | 'permissions' | 'boundaries' | 'security-groups' | 'endpoints' | 'access' | 'clusters' | 'instances' | 'kubernetes' | 'lifecycle' | 'unclassified' | 'neutral';

export interface Change {
  readonly category: Category;
  /** `<stack>/<address>` of the resource the change is about. */
  readonly resource: string;
  readonly kind: 'added' | 'removed' | 'changed' | 'renamed';
  /** Whether access widens: someone or something new is admitted, a protection is lost, or the change is unclassified. */
  readonly broadening: boolean;
  /** widening, narrowing, neutral (with the reason in detail), or unclassified (not understood: counts as widening). */
  readonly classification: 'widening' | 'narrowing' | 'neutral' | 'unclassified';
  readonly detail: string;
}

export interface Review {
  readonly changes: Change[];
  readonly broadening: number;
}

interface Side {
  /** `<stack>/<address>` → block; on the base side, renamed blocks are keyed by their head address. */
  readonly byKey: Map<string, TfBlock>;
  readonly docs: Map<string, TfDocument>;
  readonly refs: Map<string, References>;
}

/** One side, each stack's files read as one module (a role in `iam.tf`, its attachment in `attach.tf`). */
function side(files: readonly TfDocument[]): Side {
  const byKey = new Map<string, TfBlock>();
  const byStack = new Map<string, TfDocument>();
  const refs = new Map<string, References>();
  for (const file of files) {
    if (byStack.has(file.stack)) continue;
    const d = stackDocument(files, file);
    byStack.set(d.stack, d);
    refs.set(d.stack, new References(d));
    for (const b of d.blocks) if (b.kind === 'resource' || b.kind === 'module') byKey.set(`${d.stack}/${b.address}`, b);
  }
  return { byKey, docs: byStack, refs };
}

/** Attributes whose change makes Terraform replace (destroy and create) a sensitive resource. */
const REPLACED_BY: Record<string, string[]> = {
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  aws_iam_openid_connect_provider: ['url'],
  aws_eks_cluster: ['name', 'role_arn', 'encryption_config'],
  aws_iam_role: ['name', 'path', 'name_prefix'],
};

class Collector {
  readonly changes: Change[] = [];
  /** Keys an analysis reported on (their adds and removes are judged). */
  readonly reported = new Set<string>();

  push(category: Category, resource: string, kind: Change['kind'], classification: Change['classification'], detail: string): void {
    this.reported.add(resource);
    this.changes.push({ category, resource, kind, broadening: classification === 'widening' || classification === 'unclassified', classification, detail });
  }

  /** Base-side text with references to renamed blocks pointed at their new address (so a rename alone changes no line). */
  rewrite: (line: string) => string = (line) => line;

  /** The difference of two line sets; `broadens` decides widening, `narrows` narrowing, else the change is neutral. */
  diff(category: Category, resource: string, before: string[] | undefined, after: string[] | undefined, broadens: (added: string[], removed: string[]) => boolean, narrows = (_: string[], removed: string[]) => removed.length > 0): void {
    const [b, a] = [(before ?? []).map(this.rewrite), after ?? []];
    const [bs, as] = [new Set(b), new Set(a)];
    const added = a.filter((x) => !bs.has(x));
    const removed = b.filter((x) => !as.has(x));
    if (added.length === 0 && removed.length === 0) return;
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const classification = broadens(added, removed) ? 'widening' : narrows(added, removed) ? 'narrowing' : 'neutral';
    this.push(category, resource, kind, classification, [...added.map((x) => `+ ${x}`), ...removed.map((x) => `- ${x}`)].join('\n'));
  }
}

/** Keys of both sides whose blocks satisfy a predicate, sorted. */
function keysWhere(base: Side, head: Side, test: (b: TfBlock) => boolean): string[] {
  const keys = new Set<string>();
  for (const s of [base, head]) for (const [k, b] of s.byKey) if (test(b)) keys.add(k);
  return [...keys].sort();
}

/** The security review of head against base. */
export function review(baseDocs: readonly TfDocument[], headDocs: readonly TfDocument[]): Review {
  const base = side(baseDocs);
  const head = side(headDocs);
  const out = new Collector();

  // Renames first: the base block is compared under its head address.
  const renames = matchRenames(
    [...base.byKey].filter(([k, b]) => isSecurityRelevant(b) && !head.byKey.has(k)),
    [...head.byKey].filter(([k, b]) => isSecurityRelevant(b) && !base.byKey.has(k)),
  );
  const moved = new Map([...renames].map(([to, from]) => [from.slice(from.indexOf('/') + 1), to.slice(to.indexOf('/') + 1)]));
  if (moved.size > 0) {
    const pattern = new RegExp(`(\\$\\{\\s*|/)(${[...moved.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=[.[}]|$)`, 'g');
    out.rewrite = (line) => line.replace(pattern, (_, lead: string, from: string) => `${lead}${moved.get(from)}`);
  }
  for (const [to, from] of [...renames].sort()) {
    base.byKey.set(to, base.byKey.get(from)!);
    base.byKey.delete(from);
    out.push('lifecycle', to, 'renamed', 'neutral', `renamed from ${from} (the same resource under a new address; Terraform destroys and creates it unless a moved block says otherwise)`);
  }

  const pol = (s: Side, key: string, attribute: string) => {
    const b = s.byKey.get(key);
    return b === undefined ? undefined : policyOf(b, attribute, s.docs.get(b.stack)!);
  };

  // Roles: who may assume them.
  for (const key of keysWhere(base, head, (b) => b.type === 'aws_iam_role')) {
    const [inBase, inHead] = [base.byKey.has(key), head.byKey.has(key)];
    if (!inHead) continue; // reported under lifecycle
    const [bt, ht] = [pol(base, key, 'assume_role_policy'), pol(head, key, 'assume_role_policy')];
    if (!inBase) {
      out.push('trust', key, 'added', 'widening', `new role, assumable by:\n${trustLines(ht).join('\n')}`);
      continue;
    }
    const lost = trustConstraints(bt).filter((c) => !trustConstraints(ht).includes(c));
    const before = out.changes.length;
    out.diff('trust', key, trustLines(bt), trustLines(ht), (added, removed) => policyBroadens(added, removed) || lost.length > 0);
    if (lost.length > 0 && out.changes.length === before) out.push('trust', key, 'changed', 'widening', lost.map((c) => `- condition ${c}`).join('\n'));
  }

  // What each role, user, group and permission set may do, through every attachment form and inline policy.
  const perms = (s: Side) => new Map<string, { lines: string[] }>([...s.docs.values()].flatMap((d) => [...principalPermissions(d)].map(([k, v]): [string, { lines: string[] }] => [`${d.stack}/${k}`, v])));
  const [bp, hp] = [perms(base), perms(head)];
  // A renamed principal keeps its grants under the head key.
  for (const [to, from] of renames) {
    if (!bp.has(from)) continue;
    bp.set(to, { lines: bp.get(from)!.lines.map(out.rewrite) });
    bp.delete(from);
  }
  for (const key of sorted([...bp.keys(), ...hp.keys()])) {
    const added = !bp.has(key) && !base.byKey.has(key);
    if (added && head.byKey.get(key)?.type === 'aws_iam_role') {
      out.push('permissions', key, 'added', 'widening', (hp.get(key)?.lines ?? []).map((x) => `+ ${x}`).join('\n'));
      continue;
    }
    out.diff('permissions', key, bp.get(key)?.lines ?? [], hp.get(key)?.lines ?? [], policyBroadens);
  }

  // Permissions boundaries: losing or replacing one widens (the boundary policy's own text is reviewed below).
  for (const key of keysWhere(base, head, (b) => (b.type === 'aws_iam_role' || b.type === 'aws_iam_user') && b.body?.permissions_boundary !== undefined)) {
    const line = (s: Side) => {
      const v = s.byKey.get(key)?.body?.permissions_boundary;
      return v === undefined || v === null || v === '' ? [] : [`permissions boundary ${v}`];
    };
    if (!head.byKey.has(key)) continue;
    out.diff('boundaries', key, line(base), line(head), (_, removed) => removed.length > 0, (added) => added.length > 0);
  }

  // Security group rules, per group.
  const bs = new Map([...sgRuleLines(base.byKey)].map(([group, lines]) => [out.rewrite(group), lines]));
  const hs = sgRuleLines(head.byKey);
  for (const group of sorted([...bs.keys(), ...hs.keys()])) out.diff('security-groups', group, bs.get(group) ?? [], hs.get(group) ?? [], (added) => added.length > 0);

  // Endpoint policies (no policy lets everything through).
  for (const key of keysWhere(base, head, (b) => b.type === 'aws_vpc_endpoint')) {
    const lines = (s: Side) => {
      if (!s.byKey.has(key)) return undefined;
      const p = pol(s, key, 'policy');
      return p === undefined ? ['(no policy: everything)'] : grantLines(p);
    };
    out.diff('endpoints', key, lines(base), lines(head), policyBroadens);
  }

  // Resource policies (who else may reach a bucket, secret, repository, queue, topic or key) and customer managed policies (boundaries included).
  for (const key of keysWhere(base, head, (b) => RESOURCE_POLICIES[b.type] !== undefined)) {
    const b = head.byKey.get(key) ?? base.byKey.get(key)!;
    const attribute = RESOURCE_POLICIES[b.type];
    const lines = (s: Side) => (s.byKey.has(key) ? grantLines(pol(s, key, attribute)) : undefined);
    const [before, after] = [lines(base), lines(head)];
    if (b.type === 'aws_iam_policy' || b.type === 'aws_kms_key' || (before ?? []).length + (after ?? []).length > 0) out.diff(b.type === 'aws_iam_policy' ? 'permissions' : 'access', key, before, after, policyBroadens);
  }

  // Access entries, their policies, Pod Identity associations, KMS grants.
  for (const key of keysWhere(base, head, (b) => accessLines(b) !== undefined)) {
    const [bb, hb] = [base.byKey.get(key), head.byKey.get(key)];
    out.diff('access', key, bb && accessLines(bb), hb && accessLines(hb), (added) => added.length > 0);
  }

  // Cluster exposure: public endpoint, creator admin, aws-auth, encryption, logs.
  for (const key of keysWhere(base, head, (b) => b.type === 'aws_eks_cluster')) {
    const [bb, hb] = [base.byKey.get(key), head.byKey.get(key)];
    if (hb === undefined) continue; // lifecycle
    out.diff('clusters', key, bb && clusterLines(bb), clusterLines(hb), protectionBroadens);
  }

  // Instance metadata of launch templates and instances.
  for (const key of keysWhere(base, head, (b) => ['aws_launch_template', 'aws_instance', 'aws_launch_configuration'].includes(b.type))) {
    const [bb, hb] = [base.byKey.get(key), head.byKey.get(key)];
    if (hb === undefined) continue;
    out.diff('instances', key, bb && imdsLines(bb), imdsLines(hb), () => imdsBroadens(bb, hb));
  }

  // Kubernetes RBAC and NetworkPolicies (resources or manifests alike).
  for (const key of keysWhere(base, head, (b) => k8sLines(b) !== undefined)) {
    const [bb, hb] = [base.byKey.get(key), head.byKey.get(key)];
    out.diff('kubernetes', key, bb && k8sLines(bb), hb && k8sLines(hb), k8sBroadens, (added, removed) => removed.length > 0 || added.length > 0);
  }

  // Deletions and replacements of sensitive resources.
  for (const key of keysWhere(base, head, (b) => REPLACED_BY[b.type] !== undefined)) {
    const [before, after] = [base.byKey.get(key), head.byKey.get(key)];
    if (before === undefined) continue;
    if (after === undefined) {
      out.push('lifecycle', key, 'removed', 'narrowing', `${before.type} is deleted`);
      continue;
    }
    const moved = REPLACED_BY[before.type].filter((a) => out.rewrite(JSON.stringify(before.body[a]) ?? '') !== (JSON.stringify(after.body[a]) ?? ''));
    if (moved.length > 0) out.push('lifecycle', key, 'changed', 'neutral', `${before.type} is replaced (destroyed and created): ${moved.join(', ')} changed`);
  }

  unclassified(base, head, out, renames.size > 0);
  return { changes: out.changes, broadening: out.changes.filter((c) => c.broadening).length };
}

/**
 * The completeness pass: every security-relevant block that was added, removed or changed, for what
 * no analysis read: neutral attributes are listed with their reason, everything else is an
 * unclassified change, and so is a changed reference target the block reads.
 */
function unclassified(base: Side, head: Side, out: Collector, renamed: boolean): void {
  const tagsGrant = tagsGrantAccess(base.docs.values()) || tagsGrantAccess(head.docs.values());
  for (const key of keysWhere(base, head, isSecurityRelevant)) {
    const [bb, hb] = [base.byKey.get(key), head.byKey.get(key)];
    const b = (hb ?? bb)!;
    if (bb === undefined || hb === undefined) {
      if (addsAndRemovesRead(b) || out.reported.has(key)) continue;
      const attrs = Object.entries(b.body ?? {}).map(([k, v]) => `${bb === undefined ? '+' : '-'} ${k} = ${show(v)}`);
      out.push('unclassified', key, bb === undefined ? 'added' : 'removed', 'unclassified', [`${bb === undefined ? 'new' : 'deleted'} ${b.type}, which review has no analysis for:`, ...attrs].join('\n'));
      continue;
    }
    const lines: string[] = [];
    const neutral: string[] = [];
    const before = renamed ? JSON.parse(out.rewrite(JSON.stringify(bb.body ?? {}))) : bb.body;
    // A module call whose content changed (its files, or what its source's symbolic link points at) with the same call body.
    if (b.kind === 'module') {
      const [was, now] = [base.docs.get(bb.stack)?.modules?.[bb.name], head.docs.get(hb.stack)?.modules?.[hb.name]];
      if (was !== now) lines.push(`~ the module's files (${String(hb.body?.source ?? '')}): ${was ?? '(not read)'} → ${now ?? '(not read)'}`);
    }
    for (const path of changedPaths(before, hb.body)) {
      const j = judge(b, path, tagsGrant);
      if ('read' in j) continue;
      if ('neutral' in j) neutral.push(`~ ${path}: ${j.neutral}`);
      else lines.push(`~ ${path}: ${show(at(before, path))} → ${show(at(hb.body, path))}`);
    }
    // Reference targets: a local, variable default, data block or file the block reads that changed. A
    // policy document named directly by an attribute an analysis reads, and read whole, is that analysis's.
    const reads = readsOf(b);
    const targets = (s: Side, blk: TfBlock) => {
      const refs = s.refs.get(blk.stack)!;
      // Only a document the analysis could read whole is its: one with a dynamic block or an unreadable merge is compared as a target.
      const direct = (ref: string) => refs.readsWhole(ref);
      const all = new Set<string>();
      for (const [attr, v] of Object.entries(blk.body ?? {})) for (const r of refs.closure(v, (ref) => direct(ref) && (reads.includes('*') || reads.includes(attr)))) all.add(r);
      return all;
    };
    const [bt, ht] = [targets(base, bb), targets(head, hb)];
    for (const ref of sorted([...bt, ...ht])) {
      const [before, after] = [base.refs.get(bb.stack)!.value(ref), head.refs.get(hb.stack)!.value(ref)];
      if (before !== after) lines.push(`~ ${ref} (read by this block): ${show(before)} → ${show(after)}`);
    }
    if (lines.length > 0) out.push('unclassified', key, 'changed', 'unclassified', ['a change review has no analysis for:', ...lines].join('\n'));
    if (neutral.length > 0) out.push('neutral', key, 'changed', 'neutral', neutral.join('\n'));
  }
}
