/**
 * ECR: pull images from named repositories; the authorization token is granted only on `*`.
 * A repository of another account gets a statement in its repository policy.
 */
import { parseArn } from '../../aws/arn';
import type { AwsContext, Grant } from '../document';
import type { FamilyOf } from './index';

export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** `team/app` → `arn:aws:ecr:<region>:<account>:repository/team/app`; an ARN stays as it is. */
export function repositoryArn(ctx: AwsContext, repository: string): string {
  return repository.startsWith('arn:') ? repository : `arn:${ctx.partition}:ecr:${ctx.region}:${ctx.accountId}:repository/${repository}`;
}

export function ecrPullGrants(ctx: AwsContext, props: { repository: string }): Grant[] {
  return [
    { sid: 'EcrPull', actions: ECR_PULL_ACTIONS, resources: [repositoryArn(ctx, props.repository)] },
    { sid: 'EcrAuthorization', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
  ];
}

export const ecrFamily: FamilyOf<'ecr'> = {
  field: 'ecr',
  grants: (ctx, e) => ecrPullGrants(ctx, e),
  // Not counted as the pods' own calls (as before the registry): the endpoint warnings ask for
  // ecr.api, ecr.dkr and s3 for every private cluster anyway, since nodes pull images through them.
  directServices: () => [],
  resourceSide: (ctx, e, _w, grantee) => {
    const arn = parseArn(repositoryArn(ctx, e.repository));
    return [{ kind: 'repository-policy', account: arn.account, resource: arn.resource.replace(/^repository\//, ''), statement: { Sid: `${grantee.sidPrefix}Pull`, Effect: 'Allow', Principal: { AWS: grantee.roleArn }, Action: ECR_PULL_ACTIONS } }];
  },
  resources: (e) => {
    if (!e.repository.startsWith('arn:')) return [{ field: 'repository', account: '', writesSide: true, value: e.repository }];
    const arn = parseArn(e.repository);
    return [{ field: 'repository', account: arn.account, writesSide: true, value: e.repository, region: arn.region, policy: { kind: 'repository', key: e.repository } }];
  },
};
