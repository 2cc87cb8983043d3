import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { Construct } from 'constructs';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

/** CloudWatch Logs Insights queries over the EKS audit log (from the seed articles, extended). */
export const AUDIT_QUERIES: Readonly<Record<string, string>> = {
  'secret-mutations': [
    'fields @timestamp, user.username, verb, objectRef.namespace, objectRef.name, responseStatus.code',
    '| filter objectRef.resource = "secrets" and verb in ["create", "update", "patch", "delete", "deletecollection"]',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'rbac-mutations': [
    'fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.code',
    '| filter objectRef.resource in ["rolebindings", "clusterrolebindings", "roles", "clusterroles"]',
    '| filter verb in ["create", "update", "patch", "delete", "deletecollection"]',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'service-account-mutations': [
    'fields @timestamp, user.username, verb, objectRef.namespace, objectRef.name, responseStatus.code',
    '| filter objectRef.resource = "serviceaccounts" and ispresent(user.username)',
    '| filter verb in ["create", "update", "patch", "delete"] and objectRef.subresource != "token"',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'pod-exec-sessions': [
    'fields @timestamp, user.username, objectRef.namespace, objectRef.name, objectRef.subresource, sourceIPs.0',
    '| filter objectRef.resource = "pods" and objectRef.subresource in ["exec", "attach", "portforward"] and verb = "create"',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'denied-requests': [
    'fields @timestamp, user.username, verb, objectRef.resource, objectRef.namespace, objectRef.name, responseStatus.code',
    '| filter responseStatus.code in [401, 403]',
    '| stats count(*) as denied by user.username, verb, objectRef.resource',
    '| sort denied desc',
  ].join('\n'),
};

/** The CloudTrail query for failed web-identity exchanges (wrong sub, aud or provider). */
export const WEB_IDENTITY_FAILURES_QUERY = [
  'fields @timestamp, errorCode, errorMessage, requestParameters.roleArn, userIdentity.userName',
  '| filter eventSource = "sts.amazonaws.com" and eventName = "AssumeRoleWithWebIdentity" and ispresent(errorCode)',
  '| sort @timestamp desc',
  '| limit 200',
].join('\n');

export interface AuditQueriesProps {
  readonly clusterName: string;
  /** The control-plane log group (a reference, so the queries wait for it). */
  readonly logGroupName: string;
  /** A CloudTrail log group; adds the AssumeRoleWithWebIdentity failures query. @default - none */
  readonly cloudTrailLogGroupName?: string;
}

/**
 * Saved Logs Insights queries, listed in the console under `eksguard/<cluster>/`: mutations of
 * secrets, RBAC and service accounts, `pods/exec` sessions, denied requests, and failed
 * AssumeRoleWithWebIdentity calls when a CloudTrail log group is given.
 *
 * Terraform addresses: `aws_cloudwatch_query_definition.<id>_<query>` (flat in the cluster stack: `<query>`).
 */
export class AuditQueries extends Construct {
  constructor(scope: Construct, id: string, props: AuditQueriesProps) {
    super(scope, id);
    makeInert(this);
    const define = (key: string, logGroupName: string, queryString: string) => {
      Addresses.assign(new CloudwatchQueryDefinition(this, key, { name: `eksguard/${props.clusterName}/${key}`, logGroupNames: [logGroupName], queryString }), key);
    };
    for (const key of Object.keys(AUDIT_QUERIES).sort()) define(key, props.logGroupName, AUDIT_QUERIES[key]);
    if (props.cloudTrailLogGroupName !== undefined) define('web-identity-failures', props.cloudTrailLogGroupName, WEB_IDENTITY_FAILURES_QUERY);
  }
}
