/**
 * An IAM evaluator the project did not write: @cloud-copilot/iam-simulate (AGPL, devDependency).
 *
 * Permission policies go through its public `runSimulation`, which also validates every action,
 * resource type and context key against the AWS catalog (so a misspelled action fails the test).
 *
 * Trust policies need one detour: its request validation keeps only OIDC context keys whose
 * provider part has no "/", so EKS keys such as `oidc.eks.<region>.amazonaws.com/id/X:sub` are
 * dropped and every web-identity request is denied, including the legitimate one. We call its
 * core `authorize` (what `runUnsafeSimulation` calls, minus that function's missing policy name)
 * with the real document and the real keys. Every "denied" row below is paired with an
 * "allowed" row, so an evaluator that denies everything fails the suite.
 */
import * as path from 'path';
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../src/policy/document';

const simulateRoot = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
/* eslint-disable @typescript-eslint/no-require-imports */
const core = require(path.join(simulateRoot, 'core_engine/CoreSimulatorEngine.js'));
const { RequestContextImpl } = require(path.join(simulateRoot, 'requestContext.js'));
const { AwsRequestImpl } = require(path.join(simulateRoot, 'request/request.js'));
const { DiscoveryContextKeyConstraints } = require(path.join(simulateRoot, 'context_keys/discoveryContextKeyConstraints.js'));

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface WebIdentityRequest {
  /** The OIDC provider the token was issued through (the request's principal). */
  readonly providerArn: string;
  /** Claims as context keys: `{ '<issuer>:sub': ..., '<issuer>:aud': ... }`; omit a key for a missing claim. */
  readonly claims: Readonly<Record<string, string>>;
  readonly roleArn?: string;
}

interface CoreRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly identityPolicies?: readonly PolicyDocument[];
  readonly resourcePolicy?: PolicyDocument;
  readonly permissionBoundary?: PolicyDocument;
  /** A VPC endpoint policy the request travels through. */
  readonly endpointPolicy?: PolicyDocument;
  /** The resource's account, for ARNs without one (S3). @default - the ARN's account, else 123456789012 */
  readonly resourceAccount?: string;
}

/** The evaluator's core engine, with no request validation (see the header for why). */
export function authorizeCore(req: CoreRequest): Decision {
  const request = new AwsRequestImpl(req.principal, { resource: req.resource, accountId: req.resourceAccount ?? (req.resource.split(':')[4] || '123456789012') }, req.action, new RequestContextImpl({ ...req.context }));
  const analysis = core.authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: (req.identityPolicies ?? []).map((p, i) => loadPolicy(p as never, { name: `identity${i}` })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy === undefined ? undefined : loadPolicy(req.resourcePolicy as never, { name: 'resource' }),
    permissionBoundaries: req.permissionBoundary === undefined ? undefined : [loadPolicy(req.permissionBoundary as never, { name: 'boundary' })],
    vpcEndpointPolicies: req.endpointPolicy === undefined ? undefined : [loadPolicy(req.endpointPolicy as never, { name: 'endpoint' })],
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
  return analysis.result as Decision;
}

/** Evaluate `sts:AssumeRoleWithWebIdentity` against a role's trust policy. */
export function assumeRoleWithWebIdentity(trust: PolicyDocument, req: WebIdentityRequest): Decision {
  return authorizeCore({
    principal: req.providerArn,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: req.roleArn ?? 'arn:aws:iam::123456789012:role/workload',
    context: req.claims,
    resourcePolicy: trust,
  });
}

export interface PermissionRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The resource's own policy; KMS needs one (see defaultKeyPolicy). @default - none */
  readonly resourcePolicy?: PolicyDocument;
}

const WORKLOAD_ROLE = 'arn:aws:iam::123456789012:role/workload';

/** KMS's default key policy: the account's IAM policies decide (without it KMS denies every caller). */
export function defaultKeyPolicy(accountId = '123456789012'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] };
}

/** Evaluate an identity policy for a request made by the role. Throws on validation errors or ignored context keys. */
export async function identityDecision(policy: PolicyDocument, req: PermissionRequest): Promise<Decision> {
  const resourceAccount = req.resource.split(':')[4] || '123456789012';
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'workload', policy: policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: req.resourcePolicy as never,
      request: {
        action: req.action,
        principal: WORKLOAD_ROLE,
        resource: { resource: req.resource, accountId: resourceAccount },
        contextVariables: { ...(req.context ?? {}) },
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation rejected ${req.action} on ${req.resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'single' && result.result.ignoredContextKeys && result.result.ignoredContextKeys.length > 0) {
    throw new Error(`simulation ignored context keys ${result.result.ignoredContextKeys.join(', ')} for ${req.action}`);
  }
  return result.overallResult as Decision;
}

/**
 * The same evaluation through the core engine, for context keys the validated path drops
 * (`kms:EncryptionContext:<key>`). Actions are still checked by the validated path's rows.
 */
export function identityDecisionUnvalidated(policy: PolicyDocument, req: PermissionRequest): Decision {
  return authorizeCore({ principal: WORKLOAD_ROLE, action: req.action, resource: req.resource, context: req.context ?? {}, identityPolicies: [policy], resourcePolicy: req.resourcePolicy });
}
