// Validate Kubernetes objects against the upstream Kubernetes OpenAPI with kubernetes-models
// (an ES module: jest's CommonJS runtime cannot load it, so kubernetes.test.ts runs this file in a
// child node process). stdin: [{ id, object }]; stdout: [{ id, errors: string[] }].
import { readFileSync } from 'node:fs';

const items = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const { id, object } of items) {
  const group = object.apiVersion.includes('/') ? object.apiVersion : `core/${object.apiVersion}`;
  const specifier = group.startsWith('core/') ? `kubernetes-models/${object.apiVersion}` : `kubernetes-models/${object.apiVersion}`;
  let Model;
  try {
    Model = (await import(specifier))[object.kind];
  } catch (e) {
    out.push({ id, errors: [`no upstream model for ${object.apiVersion} ${object.kind}: ${e.message}`] });
    continue;
  }
  if (Model === undefined) {
    out.push({ id, errors: [`no upstream model for ${object.apiVersion} ${object.kind}`] });
    continue;
  }
  try {
    new Model(object).validate();
    out.push({ id, errors: [] });
  } catch (e) {
    out.push({ id, errors: (e.errors ?? [{ instancePath: '', message: e.message }]).map((x) => `${x.instancePath || '/'} ${x.message}`) });
  }
}
process.stdout.write(JSON.stringify(out));
