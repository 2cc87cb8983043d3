/**
 * The Kubernetes side of the Terraform tier (no kubernetes or helm provider exists offline): every
 * kubernetes_* resource of every stack of the matrix, as the object the API server receives,
 * validated against the upstream Kubernetes OpenAPI (kubernetes-models 5.1.0), every
 * kubernetes_manifest of a custom kind against its CRD (test/data/crds, with ajv), and every
 * helm_release's values against the values its pinned chart documents. Needs no terraform.
 */
import Ajv from 'ajv';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { synthTo } from '../support/synth';
import { kubernetesObjects, snakeKeys, validateBuiltIn, type K8sObject } from './support/kubernetes';
import { terraformMatrix } from './support/matrix';

const CRD_DIR = path.join(__dirname, '..', 'data', 'crds');

/** `group/version/kind` → the CRD's openAPIV3Schema, closed: a field the CRD does not declare is an error (the API server would prune it). */
function crdSchemas(): Map<string, object> {
  const out = new Map<string, object>();
  for (const file of readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(path.join(CRD_DIR, file), 'utf8'));
    for (const v of crd.spec.versions) out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, closed(v.schema.openAPIV3Schema));
  }
  return out;
}
function closed(s: any): any {
  if (Array.isArray(s)) return s.map(closed);
  if (s === null || typeof s !== 'object') return s;
  const out: any = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, closed(x)])) : closed(v)]));
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    // metadata is the API server's ObjectMeta, not described by the CRD.
    out.additionalProperties = false;
  }
  return out;
}

/**
 * The values each pinned chart documents, as `path: type` (the charts ship no values.schema.json
 * that could be read offline, so this table is the check): the driver chart 1.6.0's README
 * configuration table and values.yaml (kubernetes-sigs/secrets-store-csi-driver,
 * charts/secrets-store-csi-driver) and the AWS provider chart 3.1.1's values.yaml
 * (aws/secrets-store-csi-driver-provider-aws, charts/secrets-store-csi-driver-provider-aws).
 */
const DOCUMENTED_VALUES: Record<string, Record<string, string>> = {
  'secrets-store-csi-driver@1.6.0': {
    'syncSecret.enabled': 'boolean',
    enableSecretRotation: 'boolean',
    rotationPollInterval: 'string',
    'tokenRequests[].audience': 'string',
  },
  'secrets-store-csi-driver-provider-aws@3.1.1': {
    'secrets-store-csi-driver.install': 'boolean',
  },
};

function leaves(v: any, at = ''): Array<[string, string]> {
  if (Array.isArray(v)) return v.flatMap((x) => leaves(x, `${at}[]`));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, at === '' ? k : `${at}.${k}`));
  return [[at, typeof v]];
}

describe('Kubernetes and Helm resources of the matrix against the upstream OpenAPI, the CRDs and the charts', () => {
  let objects: K8sObject[];
  let problems: string[];
  let releases: Array<{ id: string; body: any }>;

  beforeAll(() => {
    objects = [];
    problems = [];
    releases = [];
    for (const [config, input] of Object.entries(terraformMatrix())) {
      const out = synthTo(input, path.join(mkdtempSync(path.join(tmpdir(), 'eksguard-k8s-')), 'cdktf.out'));
      for (const stack of readdirSync(path.join(out, 'stacks'))) {
        const doc = JSON.parse(readFileSync(path.join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
        const r = kubernetesObjects(`${config}/${stack}`, doc);
        objects.push(...r.objects);
        problems.push(...r.problems);
        for (const [name, body] of Object.entries<any>(doc.resource?.helm_release ?? {})) releases.push({ id: `${config}/${stack}/helm_release.${name}`, body });
      }
    }
  }, 120_000);

  const builtIn = () => objects.filter((o) => !o.object.apiVersion.includes('.k8s.aws/') && !o.object.apiVersion.includes('secrets-store.csi.x-k8s.io'));
  const custom = () => objects.filter((o) => !builtIn().includes(o));

  test('every kubernetes resource converts to an object, with no provider field left over', () => {
    expect(problems).toEqual([]);
    expect(objects.flatMap((o) => snakeKeys(o.object).map((k) => `${o.id}: ${k}`))).toEqual([]);
    // The matrix reaches every kind eksguard writes.
    expect([...new Set(objects.map((o) => o.object.kind))].sort()).toEqual(['Namespace', 'NetworkPolicy', 'Role', 'RoleBinding', 'SecretProviderClass', 'SecurityGroupPolicy', 'ServiceAccount']);
  });

  test('built-in objects are valid against the Kubernetes OpenAPI; a broken control object is not', () => {
    const control: K8sObject = {
      id: 'control',
      object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x', namespace: 'y' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: { number: 80 } }] }] } },
    };
    const results = validateBuiltIn([...builtIn(), control]);
    expect(results.length).toBe(builtIn().length + 1);
    expect(results.find((r) => r.id === 'control')!.errors).not.toEqual([]);
    expect(results.filter((r) => r.id !== 'control' && r.errors.length > 0)).toEqual([]);
  });

  test('custom objects are valid against their CRDs (unknown fields refused); a broken control object is not', () => {
    const schemas = crdSchemas();
    const ajv = new Ajv({ strict: false, allErrors: true });
    const check = (o: any) => {
      const [group, version] = o.apiVersion.split('/');
      const schema = schemas.get(`${group}/${version}/${o.kind}`);
      if (schema === undefined) return [`no CRD for ${o.apiVersion} ${o.kind} in test/data/crds`];
      const validate = ajv.compile(schema);
      return validate(o) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
    expect(custom().length).toBeGreaterThan(0);
    expect(custom().flatMap((o) => check(o.object).map((e) => `${o.id}: ${e}`))).toEqual([]);
    const sgp = custom().find((o) => o.object.kind === 'SecurityGroupPolicy')!.object;
    expect(check({ ...sgp, spec: { ...sgp.spec, securityGroups: { groupIDs: ['sg-1'] } } })).not.toEqual([]);
  });

  /**
   * The AWS provider's SecretProviderClass parameters, as its README documents them
   * (aws/secrets-store-csi-driver-provider-aws, "SecretProviderClass options"): the CRD types
   * `parameters` as a string map, so only this table checks them.
   */
  const PARAMETERS = new Set(['objects', 'region', 'failoverRegion', 'pathTranslation', 'usePodIdentity', 'preferredAddressType']);
  const OBJECT_FIELDS = new Set(['objectName', 'objectType', 'objectAlias', 'objectVersion', 'objectVersionLabel', 'jmesPath', 'failoverObject', 'filePermission']);

  test('SecretProviderClass parameters are the AWS provider\'s documented ones, and every synced key names a mounted object', () => {
    const classes = custom().filter((o) => o.object.kind === 'SecretProviderClass');
    expect(classes.length).toBeGreaterThan(0);
    for (const { id, object } of classes) {
      const params = object.spec.parameters;
      expect([id, Object.keys(params).filter((k) => !PARAMETERS.has(k))]).toEqual([id, []]);
      expect([id, params.usePodIdentity]).toEqual([id, expect.stringMatching(/^(true|false)$/)]);
      const objects = parse(params.objects);
      expect(Array.isArray(objects)).toBe(true);
      for (const o of objects) {
        expect([id, Object.keys(o).filter((k) => !OBJECT_FIELDS.has(k))]).toEqual([id, []]);
        expect([id, o.objectType]).toEqual([id, expect.stringMatching(/^(secretsmanager|ssmparameter)$/)]);
        // The alias is the mounted file's name: no path separator.
        expect([id, o.objectAlias]).toEqual([id, expect.stringMatching(/^[^/]+$/)]);
      }
      const mounted = new Set(objects.map((o: any) => o.objectAlias ?? o.objectName));
      expect(mounted.size).toBe(objects.length);
      const synced = (object.spec.secretObjects ?? []).flatMap((so: any) => so.data.map((d: any) => d.objectName));
      expect([id, synced.filter((n: string) => !mounted.has(n))]).toEqual([id, []]);
    }
  });

  test('helm releases install the pinned charts with only the values those charts document', () => {
    expect(releases.length).toBeGreaterThan(0);
    for (const { id, body } of releases) {
      const documented = DOCUMENTED_VALUES[`${body.chart}@${body.version}`];
      expect([id, documented === undefined ? `no documented values for ${body.chart}@${body.version}` : 'ok']).toEqual([id, 'ok']);
      const given = (body.values ?? []).flatMap((v: string) => leaves(parse(v)));
      expect([id, given.filter(([p, t]: [string, string]) => documented[p] !== t)]).toEqual([id, []]);
      expect(body.set ?? []).toEqual([]);
    }
  });
});
