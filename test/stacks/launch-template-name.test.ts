/**
 * Launch template names are literal and shortened to 125 characters (the AWS provider's limit).
 * Regression: the name was built from the cluster's Terraform reference, whose text is short, so
 * it was never shortened and `terraform plan` refused a 100-character cluster with a 63-character
 * node group (found by the Terraform tier, test/terraform).
 */
import { launchTemplateName } from '../../src/naming';
import { blocks, stackJson, synthTo } from '../support/synth';
import { nameLimitsInput } from '../terraform/support/matrix';

test('a 100-character cluster with a 63-character node group gets a literal launch template name of at most 125 characters', () => {
  const input = nameLimitsInput();
  const cluster = input.clusters[0];
  const out = synthTo(input);
  const [lt] = blocks(stackJson(out, cluster.name)).filter((b) => b.type === 'aws_launch_template');
  expect(lt.body.name).toBe(launchTemplateName(cluster.name, cluster.nodeGroups[0].name));
  expect(lt.body.name).not.toContain('${');
  expect(lt.body.name.length).toBeLessThanOrEqual(125);
  expect(`${cluster.name}-${cluster.nodeGroups[0].name}`.length).toBeGreaterThan(125);
});

test('a short name is kept whole', () => {
  expect(launchTemplateName('production-cluster', 'general')).toBe('production-cluster-general');
});
