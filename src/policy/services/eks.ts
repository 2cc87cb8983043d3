/**
 * EKS read access for a workload (describe/list one cluster of this account and region).
 * `eks:ListClusters` is the one action here that AWS grants only on `*`.
 */
import type { AwsContext, Grant } from '../document';
import type { FamilyOf } from './index';

export function eksReadGrants(ctx: AwsContext, props: { cluster: string }): Grant[] {
  const base = `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}`;
  return [
    { sid: 'EksDescribe', actions: ['eks:DescribeCluster', 'eks:ListNodegroups', 'eks:ListAddons', 'eks:ListFargateProfiles'], resources: [`${base}:cluster/${props.cluster}`] },
    { sid: 'EksDescribe', actions: ['eks:DescribeNodegroup'], resources: [`${base}:nodegroup/${props.cluster}/*/*`] },
    { sid: 'EksDescribe', actions: ['eks:DescribeAddon'], resources: [`${base}:addon/${props.cluster}/*/*`] },
    { sid: 'EksDescribe', actions: ['eks:DescribeFargateProfile'], resources: [`${base}:fargateprofile/${props.cluster}/*/*`] },
    { sid: 'EksList', actions: ['eks:ListClusters'], resources: ['*'] },
  ];
}

export const eksFamily: FamilyOf<'eks'> = {
  field: 'eks',
  grants: (ctx, e) => eksReadGrants(ctx, e),
  directServices: () => ['eks'],
  resourceSide: () => [],
  // A cluster name of the platform account only: no other account is involved.
  resources: () => [],
};
