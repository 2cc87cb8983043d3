/**
 * `eksguard migrate-aws-auth`: read an aws-auth ConfigMap and write the equivalent
 * `access.entries` config, with a finding for everything that does not carry over as it was.
 * Pure: no cdktf imports.
 */
import { parse, stringify } from 'yaml';

export interface Finding {
  /** Where in the ConfigMap: `mapRoles[2]`. */
  readonly path: string;
  readonly message: string;
}

export interface MigratedEntry {
  principalArn: string;
  kubernetesGroups?: string[];
  userName?: string;
  accessPolicy?: string;
  breakGlass?: { reason: string };
}

export interface Migration {
  readonly entries: MigratedEntry[];
  readonly findings: Finding[];
}

/** Groups that Kubernetes or EKS define; any other group needs RBAC bindings that name it. */
const NODE_GROUPS = ['system:bootstrappers', 'system:nodes'];
const FARGATE_GROUP = 'system:node-proxier';

interface Mapping {
  arn: string;
  username?: string;
  groups: string[];
}

function mappings(data: Record<string, unknown>, key: 'mapRoles' | 'mapUsers', arnField: 'rolearn' | 'userarn', findings: Finding[]): Array<Mapping & { path: string }> {
  const raw = data[key];
  if (raw === undefined) return [];
  let items: unknown;
  try {
    items = typeof raw === 'string' ? parse(raw) : raw;
  } catch (e) {
    findings.push({ path: key, message: `is not valid YAML (${(e as Error).message.split('\n')[0]}); nothing from it was converted` });
    return [];
  }
  if (items === null || items === undefined) return [];
  if (!Array.isArray(items)) {
    findings.push({ path: key, message: 'is not a list; nothing from it was converted' });
    return [];
  }
  return items.flatMap((item, i) => {
    const path = `${key}[${i}]`;
    const arn = item?.[arnField];
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
      findings.push({ path, message: `has no ${arnField}; skipped` });
      return [];
    }
    const groups = Array.isArray(item.groups) ? item.groups.filter((g: unknown): g is string => typeof g === 'string') : [];
    return [{ path, arn, username: typeof item.username === 'string' ? item.username : undefined, groups }];
  });
}

/** `arn:aws:sts::1:assumed-role/Admin/session` → `arn:aws:iam::1:role/Admin`. */
function roleFromSession(arn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m === null ? undefined : `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}

/** Convert the ConfigMap (YAML text of the whole object, or of its data) into access entries. */
export function migrateAwsAuth(text: string): Migration {
  const findings: Finding[] = [];
  const doc = parse(text) as Record<string, any> | null;
  if (doc === null || typeof doc !== 'object') throw new Error('the file is not a YAML object');
  if (doc.kind !== undefined && doc.kind !== 'ConfigMap') throw new Error(`the file is a ${doc.kind}, not the aws-auth ConfigMap`);
  const data: Record<string, unknown> = doc.data ?? doc;
  if (data.mapRoles === undefined && data.mapUsers === undefined && data.mapAccounts === undefined) {
    throw new Error('the ConfigMap has no mapRoles, mapUsers or mapAccounts (is it kube-system/aws-auth?)');
  }

  const byArn = new Map<string, MigratedEntry>();
  const all = [...mappings(data, 'mapRoles', 'rolearn', findings), ...mappings(data, 'mapUsers', 'userarn', findings)];
  for (const m of all) {
    let arn = m.arn;
    const fromSession = roleFromSession(arn);
    if (fromSession !== undefined) {
      findings.push({ path: m.path, message: `maps the session ${arn}; access entries take the role, so it became ${fromSession}` });
      arn = fromSession;
    }
    if (m.groups.some((g) => NODE_GROUPS.includes(g))) {
      findings.push({ path: m.path, message: `is a node role (${m.groups.join(', ')}); managed node groups get their access entry from EKS, self-managed nodes need an EC2_LINUX entry; not converted` });
      continue;
    }
    if (m.groups.includes(FARGATE_GROUP)) {
      findings.push({ path: m.path, message: 'is a Fargate pod execution role; EKS creates its access entry with the Fargate profile; not converted' });
      continue;
    }
    const entry = byArn.get(arn) ?? { principalArn: arn };
    if (byArn.has(arn)) findings.push({ path: m.path, message: `maps ${arn} a second time; the groups were merged into one entry` });
    byArn.set(arn, entry);
    if (m.username !== undefined && entry.userName === undefined) {
      entry.userName = m.username;
      if (m.username.includes('{{')) findings.push({ path: m.path, message: `username "${m.username}" is a template; check that EKS access entries accept it, or remove userName` });
    }
    if (/^arn:[^:]+:iam::\d{12}:role\/[^/]+$/.test(arn) && m.path.startsWith('mapRoles')) {
      // aws-auth matches roles without their path; access entries need the full ARN.
      findings.push({ path: m.path, message: `aws-auth ignores role paths: if ${arn.split('/').pop()} has a path, put it back into principalArn` });
    }
    for (const g of m.groups) {
      if (g === 'system:masters') {
        entry.accessPolicy = 'AmazonEKSClusterAdminPolicy';
        entry.breakGlass = { reason: '' };
        findings.push({ path: m.path, message: 'grants system:masters, which eksguard refuses: it became AmazonEKSClusterAdminPolicy with an empty breakGlass.reason; write the reason or scope it with namespaces' });
      } else if (g.startsWith('system:')) {
        findings.push({ path: m.path, message: `group ${g} is reserved by Kubernetes and cannot be set on an access entry; dropped` });
      } else {
        entry.kubernetesGroups = [...new Set([...(entry.kubernetesGroups ?? []), g])].sort();
        findings.push({ path: m.path, message: `group ${g} grants only what RoleBindings/ClusterRoleBindings naming it grant; check they exist, or use an accessPolicy with namespaces` });
      }
    }
    if (entry.kubernetesGroups === undefined && entry.accessPolicy === undefined) {
      findings.push({ path: m.path, message: `gives ${arn} no groups, so it could only authenticate; add kubernetesGroups or an accessPolicy` });
    }
  }
  if (data.mapAccounts !== undefined) {
    findings.push({ path: 'mapAccounts', message: 'maps whole accounts, which access entries do not do; add one entry per role that needs access' });
  }
  const entries = [...byArn.values()].sort((a, b) => (a.principalArn < b.principalArn ? -1 : 1));
  return { entries, findings };
}

/** The migration as the YAML block users paste under a cluster. */
export function renderMigration(m: Migration): string {
  const header = '# Generated by `eksguard migrate-aws-auth`: paste under your cluster, then resolve every finding.\n';
  return header + stringify({ access: { entries: m.entries.map((e) => ({ ...e })) } }, { lineWidth: 0 });
}
