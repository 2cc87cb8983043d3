/**
 * DynamoDB: read and/or write one table; queries and scans on its indexes when asked. A table of
 * another account needs its own resource policy, which eksguard does not write: validation warns.
 */
import { accountOfArn } from '../../aws/arn';
import type { AwsContext, Grant } from '../document';
import type { FamilyOf } from './index';

export type DynamodbAccess = 'read' | 'write' | 'read-write';

export const DYNAMODB_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
export const DYNAMODB_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];

export function tableArn(ctx: AwsContext, nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.accountId}:table/${nameOrArn}`;
}

export function dynamodbGrants(ctx: AwsContext, props: { table: string; access: DynamodbAccess; indexes?: boolean }): Grant[] {
  const table = tableArn(ctx, props.table);
  const reads = props.access !== 'write';
  const writes = props.access !== 'read';
  const grants: Grant[] = [{ sid: 'DynamodbTable', actions: [...(reads ? DYNAMODB_READ_ACTIONS : []), ...(writes ? DYNAMODB_WRITE_ACTIONS : [])], resources: [table] }];
  if (reads && props.indexes !== false) grants.push({ sid: 'DynamodbIndexes', actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [`${table}/index/*`] });
  return grants;
}

export const dynamodbFamily: FamilyOf<'dynamodb'> = {
  field: 'dynamodb',
  grants: (ctx, e) => dynamodbGrants(ctx, e),
  directServices: () => ['dynamodb'],
  resourceSide: () => [],
  resources: (e) => [{ field: 'table', account: accountOfArn(e.table), writesSide: false, value: e.table }],
};
