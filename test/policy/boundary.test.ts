import type { PolicyDocument } from '../../src/policy/document';
import { permissionsBoundaryPolicy, permissiveBoundaryNote } from '../../src/policy/cluster';
import { authorizeCore, Decision } from '../support/iam';

/**
 * The warning for a boundary of one's own names the AWS managed policies that cap next to nothing.
 * Its claims are proven here against the policies' documents as the AWS Managed Policy Reference
 * publishes them (AdministratorAccess v1, PowerUserAccess v12), next to eksguard's own boundary.
 */
const ADMINISTRATOR_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const POWER_USER_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    {
      Effect: 'Allow',
      Action: ['account:GetAccountInformation', 'account:GetGovCloudAccountInformation', 'account:GetPrimaryEmail', 'account:ListRegions', 'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeEffectivePolicy', 'organizations:DescribeOrganization'],
      Resource: '*',
    },
  ],
};
const BOUNDARIES: Record<string, PolicyDocument> = { eksguard: permissionsBoundaryPolicy('aws'), AdministratorAccess: ADMINISTRATOR_ACCESS, PowerUserAccess: POWER_USER_ACCESS };

/** A workload role whose own policy would allow everything: only the boundary caps it. */
const ask = (boundary: string, action: string, resource: string): Decision =>
  authorizeCore({
    principal: 'arn:aws:iam::123456789012:role/production-cluster-payments-app',
    action,
    resource,
    context: {},
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    permissionBoundary: BOUNDARIES[boundary],
  });

const ALLOWED = 'Allowed';
const DENIED = /^(Explicitly|Implicitly)Denied$/;

describe('what a boundary leaves open', () => {
  // Rule pinned: eksguard's boundary denies IAM writes and role chaining; the two managed policies do not (all of it, or the chaining).
  test.each<[string, string, string, string, string | RegExp]>([
    ['eksguard: the role\'s own work', 'eksguard', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/releases/v1.tgz', ALLOWED],
    ['eksguard: new access keys', 'eksguard', 'iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/someone', DENIED],
    ['eksguard: chaining into another role', 'eksguard', 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/admin', DENIED],
    ['AdministratorAccess: the role\'s own work', 'AdministratorAccess', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/releases/v1.tgz', ALLOWED],
    ['AdministratorAccess: new access keys', 'AdministratorAccess', 'iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/someone', ALLOWED],
    ['AdministratorAccess: chaining into another role', 'AdministratorAccess', 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/admin', ALLOWED],
    ['PowerUserAccess: the role\'s own work', 'PowerUserAccess', 's3:GetObject', 'arn:aws:s3:::prod-artifacts/releases/v1.tgz', ALLOWED],
    ['PowerUserAccess: new access keys', 'PowerUserAccess', 'iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/someone', DENIED],
    ['PowerUserAccess: chaining into another role', 'PowerUserAccess', 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/admin', ALLOWED],
  ])('%s', (_, boundary, action, resource, expected) => {
    const decision = ask(boundary, action, resource);
    if (typeof expected === 'string') expect(decision).toBe(expected);
    else expect(decision).toMatch(expected);
  });

  test.each<[string, string | undefined]>([
    ['arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess is an AWS managed policy that allows every action on every resource, so as a boundary it limits nothing'],
    ['arn:aws-us-gov:iam::aws:policy/PowerUserAccess', 'PowerUserAccess is an AWS managed policy that allows every action outside IAM, Organizations and Account, so as a boundary it limits almost nothing: role chaining (sts:AssumeRole) included'],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', undefined],
    // A customer policy that happens to share the name is the customer's own document.
    ['arn:aws:iam::123456789012:policy/AdministratorAccess', undefined],
  ])('the note for %s', (arn, note) => {
    expect(permissiveBoundaryNote(arn)).toBe(note);
  });
});
