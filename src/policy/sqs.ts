/** SQS: consume from or send to one queue. */
import { AwsContext, Grant } from './document';

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
