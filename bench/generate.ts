/** Generated platforms for the bench and the cost tests: the example's three workload kinds, repeated. */
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

export const EXAMPLE_FILE = path.join(__dirname, '..', 'examples', 'platform.yaml');

export function exampleInput(): any {
  return parse(readFileSync(EXAMPLE_FILE, 'utf8'));
}

/** One cluster with `n` workloads spread over 20 namespaces, cycling through the example's workload kinds. */
export function generatedInput(n: number): any {
  const base = exampleInput();
  const kinds = base.clusters[0].workloads;
  base.clusters[0].workloads = Array.from({ length: n }, (_, i) => {
    const name = `svc-${String(i).padStart(4, '0')}`;
    return { ...kinds[i % kinds.length], name, namespace: `team-${i % 20}`, serviceAccount: name };
  });
  return base;
}
