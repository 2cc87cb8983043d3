import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import type { EndpointService } from '../plan/types';
import { tfName } from '../naming';
import type { AwsContext } from '../policy/document';
import { renderPolicy } from '../policy/document';
import { endpointPolicy, endpointServiceName } from '../policy/endpoints';
import { makeInert } from '../terraform/inert-strings';
import { Addresses } from '../terraform/addresses';

export interface VpcEndpointsProps {
  readonly ctx: AwsContext;
  readonly clusterName: string;
  readonly vpcId: string;
  readonly services: readonly EndpointService[];
  readonly subnetIds: readonly string[];
  readonly routeTableIds: readonly string[];
  /** Security group of the interface endpoints (443 from nodes and the control plane). */
  readonly securityGroupId: string;
}

/**
 * Private VPC endpoints: interface endpoints with private DNS in the private subnets, and S3 as a
 * gateway endpoint on the private route tables; each with a least-privilege endpoint policy
 * (`src/policy/endpoints.ts`), except services that take none.
 *
 * Terraform addresses: `aws_vpc_endpoint.<id>_<service>` with dots as dashes (`<id>_ecr-api`;
 * flat in the cluster stack: `ecr-api`, `s3`).
 */
export class VpcEndpoints extends Construct {
  /** The S3 gateway endpoint's prefix list, when there is one. */
  readonly s3PrefixListId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    makeInert(this);
    for (const service of [...props.services].sort()) {
      const policy = endpointPolicy(props.ctx, service);
      const key = tfName(service);
      const common = {
        vpcId: props.vpcId,
        serviceName: endpointServiceName(props.ctx, service),
        policy: policy === undefined ? undefined : renderPolicy(policy),
        tags: { Name: `${props.clusterName}-${service}` },
      };
      const endpoint =
        service === 's3'
          ? new VpcEndpoint(this, key, { ...common, vpcEndpointType: 'Gateway', routeTableIds: [...props.routeTableIds] })
          : new VpcEndpoint(this, key, {
              ...common,
              vpcEndpointType: 'Interface',
              privateDnsEnabled: true,
              subnetIds: [...props.subnetIds],
              securityGroupIds: [props.securityGroupId],
            });
      Addresses.assign(endpoint, key);
      if (service === 's3') this.s3PrefixListId = endpoint.prefixListId;
    }
  }
}
