/**
 * SQS: consume from or send to one queue. A queue of another account needs its own queue policy,
 * which eksguard does not write: validation warns.
 */
import { accountOfArn } from '../../aws/arn';
import type { AwsContext, Grant } from '../document';
import type { FamilyOf } from './index';

export type SqsAccess = 'consume' | 'send';

export const SQS_ACTIONS: Record<SqsAccess, string[]> = {
  consume: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  send: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
};

export function queueArn(ctx: AwsContext, nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:${ctx.partition}:sqs:${ctx.region}:${ctx.accountId}:${nameOrArn}`;
}

export function sqsGrants(ctx: AwsContext, props: { queue: string; access: SqsAccess }): Grant[] {
  return [{ sid: props.access === 'consume' ? 'SqsConsume' : 'SqsSend', actions: SQS_ACTIONS[props.access], resources: [queueArn(ctx, props.queue)] }];
}

export const sqsFamily: FamilyOf<'sqs'> = {
  field: 'sqs',
  grants: (ctx, e) => sqsGrants(ctx, e),
  directServices: () => ['sqs'],
  resourceSide: () => [],
  resources: (e) => [{ field: 'queue', account: accountOfArn(e.queue), writesSide: false, value: e.queue }],
};
