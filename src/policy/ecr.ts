/** ECR: pull images from named repositories; the authorization token is granted only on `*`. */
import { AwsContext, Grant } from './document';

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
