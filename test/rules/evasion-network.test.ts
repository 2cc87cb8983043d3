/**
 * Network evasions (issue 11): every equivalent way of writing "open to the internet" is the same
 * case once normalised (address sets, protocols and ports, dynamic blocks, standalone rules of a
 * group), each shown with a flagged form and an equivalent compliant form under the same rule id.
 */
import { documentOf, RULES, runRules } from '../../src/rules';
import { cidrSet, isInternet, isPrivateCidr, parseCidr } from '../../src/rules/normalise/network';
import { expandDynamic } from '../../src/rules/normalise/dynamic';

type Json = Record<string, any>;

const found = (id: string, json: Json): string[] =>
  runRules(RULES.filter((r) => r.id === id), [documentOf(json, 'hand', 'hand.tf.json')]).findings.map((f) => `${f.severity} ${f.address}${/could not be analysed/.test(f.message) ? ' (could not be analysed)' : ''}`);

const sg = (ingress: Json[], extra: Json = {}): Json => ({ resource: { aws_security_group: { sg: { description: 'd', ingress: ingress.map((r) => ({ description: 'r', ...r })) } }, ...extra } });
const tcp = (from: unknown, to: unknown, cidrs: string[]) => ({ protocol: 'tcp', from_port: from, to_port: to, cidr_blocks: cidrs });
const vpcRule = (cidr: string, extra: Json = {}) => ({ security_group_id: '${aws_security_group.sg.id}', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: cidr, description: 'r', ...extra });
const eks = (vpc: Json): Json => ({ resource: { aws_eks_cluster: { c: { name: 'c', role_arn: 'arn:aws:iam::1:role/x', vpc_config: { subnet_ids: ['subnet-1'], endpoint_private_access: true, endpoint_public_access: true, ...vpc } } } } });
const dyn = (spec: Json) => ({ resource: { aws_security_group: { sg: { description: 'd', dynamic: { ingress: spec } } } } });

/** [what, rule, flagged form, equivalent compliant form, findings on the flagged form]. */
const CASES: Array<[string, string, Json, Json, string[]]> = [
  // Address sets: one union per rule and per group.
  ['0.0.0.0/1 + 128.0.0.0/1 in one rule', 'CKV_AWS_24', sg([tcp(22, 22, ['0.0.0.0/1', '128.0.0.0/1'])]), sg([tcp(22, 22, ['10.0.0.0/9', '10.128.0.0/9'])]), ['error aws_security_group.sg']],
  ['128.0.0.0/1 + 0.0.0.0/2 in two inline rules (neither alone is half the internet)', 'CKV_AWS_24', sg([tcp(22, 22, ['128.0.0.0/1']), tcp(20, 23, ['0.0.0.0/2'])]), sg([tcp(22, 22, ['128.0.0.0/1']), tcp(80, 80, ['0.0.0.0/2'])]), ['error aws_security_group.sg']],
  ['the halves are two standalone rules of a group in the file (reported on the group)', 'CKV_AWS_24',
    sg([], { aws_vpc_security_group_ingress_rule: { a: vpcRule('128.0.0.0/1'), b: vpcRule('0.0.0.0/2') } }),
    sg([], { aws_vpc_security_group_ingress_rule: { a: vpcRule('128.0.0.0/1'), b: vpcRule('10.0.0.0/8') } }), ['error aws_security_group.sg']],
  ['the halves are an inline rule and an aws_security_group_rule', 'CKV_AWS_24',
    sg([tcp(22, 22, ['0.0.0.0/2'])], { aws_security_group_rule: { b: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', protocol: '6', from_port: 0, to_port: 1024, cidr_blocks: ['128.0.0.0/1'], description: 'r' } } }),
    sg([tcp(22, 22, ['0.0.0.0/2'])], { aws_security_group_rule: { b: { type: 'egress', security_group_id: '${aws_security_group.sg.id}', protocol: '6', from_port: 0, to_port: 1024, cidr_blocks: ['128.0.0.0/1'], description: 'r' } } }),
    ['error aws_security_group.sg']],
  ['SSH halves on a group whose other rule alone opens RDP (one port does not hide the other)', 'CKV_AWS_24',
    sg([tcp(22, 22, ['0.0.0.0/2'])], { aws_vpc_security_group_ingress_rule: { a: vpcRule('128.0.0.0/1'), rdp: vpcRule('0.0.0.0/0', { from_port: 3389, to_port: 3389 }) } }),
    sg([tcp(22, 22, ['10.0.0.0/8'])], { aws_vpc_security_group_ingress_rule: { a: vpcRule('128.0.0.0/1'), rdp: vpcRule('10.0.0.0/8', { from_port: 3389, to_port: 3389 }) } }),
    ['error aws_security_group.sg', 'error aws_vpc_security_group_ingress_rule.rdp']],
  ['the halves are standalone rules of a group outside the file (reported on each)', 'CKV_AWS_24',
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('0.0.0.0/2', { security_group_id: 'sg-0123' }), b: vpcRule('128.0.0.0/1', { security_group_id: 'sg-0123' }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('0.0.0.0/2', { security_group_id: 'sg-0123' }), b: vpcRule('128.0.0.0/1', { security_group_id: 'sg-0456' }) } } },
    ['error aws_vpc_security_group_ingress_rule.a', 'error aws_vpc_security_group_ingress_rule.b']],
  ['host bits set: 1.2.3.4/0', 'CKV_AWS_24', sg([tcp(22, 22, ['1.2.3.4/0'])]), sg([tcp(22, 22, ['1.2.3.4/32'])]), ['error aws_security_group.sg']],
  ['::/0 in its long form', 'CKV_AWS_24', sg([{ ...tcp(22, 22, []), ipv6_cidr_blocks: ['0:0:0:0:0:0:0:0/0'] }]), sg([{ ...tcp(22, 22, []), ipv6_cidr_blocks: ['fd00:0:0:0:0:0:0:0/8'] }]), ['error aws_security_group.sg']],
  ['IPv4-mapped IPv6 ::ffff:0:0/96', 'CKV_AWS_24', { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('', { cidr_ipv4: undefined, cidr_ipv6: '::ffff:0:0/96' }) } } }, { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('', { cidr_ipv4: undefined, cidr_ipv6: '::ffff:10.0.0.0/104' }) } } }, ['error aws_vpc_security_group_ingress_rule.r']],
  ['all routable IPv6, 2000::/3', 'CKV_AWS_24', sg([{ ...tcp(22, 22, []), ipv6_cidr_blocks: ['2000::/3'] }]), sg([{ ...tcp(22, 22, []), ipv6_cidr_blocks: ['2001:db8::/32'] }]), ['error aws_security_group.sg']],
  ['mostly the internet: 0.0.0.0/1 alone (over half the public IPv4 space)', 'CKV_AWS_24', sg([tcp(22, 22, ['0.0.0.0/1'])]), sg([tcp(22, 22, ['203.0.113.0/24'])]), ['error aws_security_group.sg']],
  ['self = true beside 0.0.0.0/0 (self adds a source, it does not replace the CIDRs)', 'CKV_AWS_24', sg([{ ...tcp(22, 22, ['0.0.0.0/0']), self: true }]), sg([{ ...tcp(22, 22, []), self: true }]), ['error aws_security_group.sg']],
  ['the CIDR is a local of the file', 'CKV_AWS_24', { ...sg([tcp(22, 22, ['${local.admin}'])]), locals: { admin: ['0.0.0.0/0'] } }, { ...sg([tcp(22, 22, ['${local.admin}'])]), locals: { admin: ['10.0.0.0/8'] } }, ['error aws_security_group.sg']],
  ['the CIDR is a local written as @cdktf/hcl2json writes locals (a list of objects)', 'CKV_AWS_24', { ...sg([tcp(22, 22, ['${local.admin}'])]), locals: [{ admin: '0.0.0.0/0' }] }, { ...sg([tcp(22, 22, ['${local.admin}'])]), locals: [{ admin: '10.0.0.0/8' }] }, ['error aws_security_group.sg']],
  ['a managed prefix list of the file holds 0.0.0.0/0', 'CKV_AWS_24',
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${aws_ec2_managed_prefix_list.admins.id}'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 1, address_family: 'IPv4', entry: [{ cidr: '0.0.0.0/0' }] } } }),
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${aws_ec2_managed_prefix_list.admins.id}'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 1, address_family: 'IPv4', entry: [{ cidr: '10.0.0.0/8' }] } } }),
    ['error aws_security_group.sg']],
  ['egress halves across two rules', 'AWS-0104',
    { resource: { aws_vpc_security_group_egress_rule: { a: vpcRule('0.0.0.0/2', { security_group_id: 'sg-1' }), b: vpcRule('128.0.0.0/1', { security_group_id: 'sg-1', ip_protocol: 'udp', from_port: 53, to_port: 53 }) } } },
    { resource: { aws_vpc_security_group_egress_rule: { a: vpcRule('10.0.0.0/9', { security_group_id: 'sg-1' }), b: vpcRule('10.128.0.0/9', { security_group_id: 'sg-1', ip_protocol: 'udp', from_port: 53, to_port: 53 }) } } },
    ['error aws_vpc_security_group_egress_rule.a', 'error aws_vpc_security_group_egress_rule.b']],
  ['443 on an endpoint group through aws_security_group_rule halves', 'VPCE-SG-443',
    { resource: { aws_vpc_endpoint: { e: { vpc_endpoint_type: 'Interface', security_group_ids: ['${aws_security_group.sg.id}'] } }, aws_security_group: { sg: { description: 'd' } }, aws_security_group_rule: { a: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/2'] }, b: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['128.0.0.0/1'] } } } },
    { resource: { aws_vpc_endpoint: { e: { vpc_endpoint_type: 'Interface', security_group_ids: ['${aws_security_group.sg.id}'] } }, aws_security_group: { sg: { description: 'd' } }, aws_security_group_rule: { a: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/9'] }, b: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.128.0.0/9'] } } } },
    ['warning aws_vpc_endpoint.e']],

  // One spelling of a reference: a group, prefix list or VPC named with spaces, ["x"] or through a local is the same one.
  ['the quarters of the internet name their group in four spellings (plain, spaces, ["id"], a local)', 'CKV_AWS_24',
    { ...sg([], { aws_vpc_security_group_ingress_rule: { a: vpcRule('0.0.0.0/2'), b: vpcRule('64.0.0.0/2', { security_group_id: '${ aws_security_group.sg.id }' }), c: vpcRule('128.0.0.0/2', { security_group_id: '${aws_security_group . sg["id"]}' }), d: vpcRule('192.0.0.0/2', { security_group_id: '${local.sg_id}' }) } }), locals: { sg_id: '${aws_security_group.sg.id}' } },
    { ...sg([], { aws_vpc_security_group_ingress_rule: { a: vpcRule('0.0.0.0/2'), b: vpcRule('10.0.0.0/9', { security_group_id: '${ aws_security_group.sg.id }' }), c: vpcRule('10.128.0.0/9', { security_group_id: '${aws_security_group . sg["id"]}' }), d: vpcRule('192.168.0.0/16', { security_group_id: '${local.sg_id}' }) } }), locals: { sg_id: '${aws_security_group.sg.id}' } },
    ['error aws_security_group.sg']],
  ['a managed prefix list gets 0.0.0.0/0 from an aws_ec2_managed_prefix_list_entry', 'CKV_AWS_24',
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${aws_ec2_managed_prefix_list.admins.id}'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 2, address_family: 'IPv4' } }, aws_ec2_managed_prefix_list_entry: { e: { prefix_list_id: '${aws_ec2_managed_prefix_list.admins.id}', cidr: '0.0.0.0/0' } } }),
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${aws_ec2_managed_prefix_list.admins.id}'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 2, address_family: 'IPv4' } }, aws_ec2_managed_prefix_list_entry: { e: { prefix_list_id: '${aws_ec2_managed_prefix_list.admins.id}', cidr: '10.0.0.0/8' } } }),
    ['error aws_security_group.sg']],
  ['the managed prefix list is named with spaces inside ${ }', 'CKV_AWS_24',
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${ aws_ec2_managed_prefix_list.admins.id }'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 1, address_family: 'IPv4', entry: [{ cidr: '0.0.0.0/0' }] } } }),
    sg([{ ...tcp(22, 22, []), prefix_list_ids: ['${ aws_ec2_managed_prefix_list.admins.id }'] }], { aws_ec2_managed_prefix_list: { admins: { name: 'a', max_entries: 1, address_family: 'IPv4', entry: [{ cidr: '10.0.0.0/8' }] } } }),
    ['error aws_security_group.sg']],
  ['the CIDR is a VPC\'s block named with spaces and ["x"]', 'CKV_AWS_24',
    sg([tcp(22, 22, ['${ aws_vpc.main["cidr_block"] }'])], { aws_vpc: { main: { cidr_block: '0.0.0.0/0' } } }),
    sg([tcp(22, 22, ['${ aws_vpc.main["cidr_block"] }'])], { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } }),
    ['error aws_security_group.sg']],

  ['egress to NAT64\'s 64:ff9b::/96 (every IPv4 address through a NAT64 gateway)', 'AWS-0104',
    { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('', { cidr_ipv4: undefined, cidr_ipv6: '64:ff9b::/96' }) } } },
    { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('', { cidr_ipv4: undefined, cidr_ipv6: '64:ff9b::a00:0/104' }) } } },
    ['error aws_vpc_security_group_egress_rule.e']],
  ['a standalone rule\'s own for_each gives each instance one half', 'CKV_AWS_24',
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${each.value}', { security_group_id: 'sg-1', for_each: '${toset(["0.0.0.0/1", "128.0.0.0/1"])}' }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${each.value}', { security_group_id: 'sg-1', for_each: '${toset(["10.0.0.0/9", "10.128.0.0/9"])}' }) } } },
    ['error aws_vpc_security_group_ingress_rule.a']],
  ['an aws_security_group_rule\'s for_each iterates a local map of ports and CIDRs', 'CKV_AWS_24',
    { ...sg([], { aws_security_group_rule: { r: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', for_each: '${local.rules}', protocol: 'tcp', from_port: '${each.value.port}', to_port: '${each.value.port}', cidr_blocks: '${each.value.cidrs}', description: '${each.key}' } } }), locals: { rules: { a: { port: 22, cidrs: ['0.0.0.0/2'] }, b: { port: 22, cidrs: ['128.0.0.0/1'] } } } },
    { ...sg([], { aws_security_group_rule: { r: { type: 'ingress', security_group_id: '${aws_security_group.sg.id}', for_each: '${local.rules}', protocol: 'tcp', from_port: '${each.value.port}', to_port: '${each.value.port}', cidr_blocks: '${each.value.cidrs}', description: '${each.key}' } } }), locals: { rules: { a: { port: 22, cidrs: ['0.0.0.0/2'] }, b: { port: 443, cidrs: ['128.0.0.0/1'] } } } },
    ['error aws_security_group_rule.r']],
  ['the CIDRs are paths into a local (local.net["admin"][0], local.net.admin[1])', 'CKV_AWS_24',
    { ...sg([tcp(3389, 3389, ['${local.net["admin"][0]}', '${local.net.admin[1]}'])]), locals: { net: { admin: ['0.0.0.0/1', '128.0.0.0/1'] } } },
    { ...sg([tcp(3389, 3389, ['${local.net["admin"][0]}', '${local.net.admin[1]}'])]), locals: { net: { admin: ['10.0.0.0/9', '10.128.0.0/9'] } } },
    ['error aws_security_group.sg']],
  ['a dynamic block iterates a path into a local (local.groups[0].rules)', 'CKV_AWS_24',
    { ...dyn({ for_each: '${local.groups[0].rules}', iterator: 'rule', content: { description: 'r', protocol: 'tcp', from_port: '${rule.value.port}', to_port: '${rule.value.port}', cidr_blocks: ['${rule.value.cidr}'] } }), locals: { groups: [{ rules: [{ port: 22, cidr: '0.0.0.0/1' }, { port: 22, cidr: '128.0.0.0/1' }] }] } },
    { ...dyn({ for_each: '${local.groups[0].rules}', iterator: 'rule', content: { description: 'r', protocol: 'tcp', from_port: '${rule.value.port}', to_port: '${rule.value.port}', cidr_blocks: ['${rule.value.cidr}'] } }), locals: { groups: [{ rules: [{ port: 22, cidr: '128.0.0.0/1' }, { port: 443, cidr: '0.0.0.0/1' }] }] } },
    ['error aws_security_group.sg']],
  ['the CIDRs are an expression of literals and locals (distinct(concat(local.a, [...])))', 'CKV_AWS_24',
    { ...sg([{ ...tcp(22, 22, []), cidr_blocks: '${distinct(concat(local.a, ["128.0.0.0/1"]))}' }]), locals: { a: ['0.0.0.0/2'] } },
    { ...sg([{ ...tcp(22, 22, []), cidr_blocks: '${distinct(concat(local.a, ["128.0.0.0/1"]))}' }]), locals: { a: ['10.0.0.0/8'] } },
    ['error aws_security_group.sg']],
  ['a counted rule picks its half by local.cidrs[count.index]', 'CKV_AWS_24',
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${local.cidrs[count.index]}', { security_group_id: 'sg-1', count: 2 }) } }, locals: { cidrs: ['0.0.0.0/2', '128.0.0.0/1'] } },
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${local.cidrs[count.index]}', { security_group_id: 'sg-1', count: 1 }) } }, locals: { cidrs: ['0.0.0.0/2', '128.0.0.0/1'] } },
    ['error aws_vpc_security_group_ingress_rule.a']],
  ['a counted rule picks its half by element([...], count.index) and by [...][count.index]', 'CKV_AWS_24',
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${element(["0.0.0.0/2", "128.0.0.0/1"], count.index)}', { security_group_id: 'sg-1', count: '2' }), b: vpcRule('${["64.0.0.0/2"][count.index]}', { security_group_id: 'sg-2', count: 1 }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${element(["0.0.0.0/2", "10.0.0.0/8"], count.index)}', { security_group_id: 'sg-1', count: '2' }), b: vpcRule('${["64.0.0.0/2"][count.index]}', { security_group_id: 'sg-2', count: 1 }) } } },
    ['error aws_vpc_security_group_ingress_rule.a']],
  ['an interface endpoint lists its groups through a local', 'VPCE-SG-443',
    { ...sg([tcp(443, 443, ['0.0.0.0/0'])], { aws_vpc_endpoint: { e: { vpc_endpoint_type: 'Interface', security_group_ids: '${local.endpoint_groups}' } } }), locals: { endpoint_groups: ['${aws_security_group.sg.id}'] } },
    { ...sg([tcp(443, 443, ['10.0.0.0/8'])], { aws_vpc_endpoint: { e: { vpc_endpoint_type: 'Interface', security_group_ids: '${local.endpoint_groups}' } } }), locals: { endpoint_groups: ['${aws_security_group.sg.id}'] } },
    ['warning aws_vpc_endpoint.e']],
  // Protocols and ports.
  ['the protocol is TCP in capitals', 'CKV_AWS_24', sg([{ ...tcp(22, 22, ['0.0.0.0/0']), protocol: 'TCP' }]), sg([{ ...tcp(22, 22, ['0.0.0.0/0']), protocol: 'ICMP' }]), ['error aws_security_group.sg']],
  ['the protocol is " 6 " and the ports are strings', 'CKV_AWS_24', sg([{ ...tcp('20', '25', ['0.0.0.0/0']), protocol: ' 6 ' }]), sg([{ ...tcp('23', '25', ['0.0.0.0/0']), protocol: ' 6 ' }]), ['error aws_security_group.sg']],
  ['the protocol is 17 (UDP) on 3389', 'CKV_AWS_24', sg([{ ...tcp(3389, 3389, ['0.0.0.0/0']), protocol: '17' }]), sg([{ ...tcp(3389, 3389, ['0.0.0.0/0']), protocol: '1' }]), ['error aws_security_group.sg']],
  ['the protocol is ALL', 'CKV_AWS_260', sg([{ ...tcp(443, 443, ['0.0.0.0/0']), protocol: 'ALL' }]), sg([{ ...tcp(443, 443, ['0.0.0.0/0']), protocol: 'tcp' }]), ['error aws_security_group.sg']],
  ['the protocol is the number -1', 'CKV_AWS_277', sg([{ ...tcp(0, 0, ['0.0.0.0/0']), protocol: -1 }]), sg([{ ...tcp(443, 443, ['0.0.0.0/0']), protocol: 6 }]), ['error aws_security_group.sg']],
  ['a range written backwards, 25 to 20', 'CKV_AWS_24', sg([tcp(25, 20, ['0.0.0.0/0'])]), sg([tcp(25, 23, ['0.0.0.0/0'])]), ['error aws_security_group.sg']],
  ['tcp from -1 to -1 (every port, as checkov reads it)', 'CKV_AWS_277', sg([tcp(-1, -1, ['0.0.0.0/0'])]), sg([tcp(443, 443, ['0.0.0.0/0'])]), ['error aws_security_group.sg']],
  ['tcp from -1 to -1 on egress', 'CKV_AWS_382', { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('0.0.0.0/0', { from_port: -1, to_port: -1 }) } } }, { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('0.0.0.0/0', { from_port: 443, to_port: 443 }) } } }, ['error aws_vpc_security_group_egress_rule.e']],
  ['every port split into two ranges', 'CKV_AWS_277', sg([tcp(0, 30000, ['0.0.0.0/0']), tcp(30001, 65535, ['0.0.0.0/0'])]), sg([tcp(0, 30000, ['0.0.0.0/0']), tcp(30002, 65535, ['0.0.0.0/0'])]), ['error aws_security_group.sg']],
  ['every port split by ranges and by addresses at once', 'CKV_AWS_277', sg([tcp(0, 40000, ['0.0.0.0/2']), tcp(0, 40000, ['128.0.0.0/1']), tcp(40001, 65535, ['0.0.0.0/0'])]), sg([tcp(0, 40000, ['10.0.0.0/8']), tcp(0, 40000, ['128.0.0.0/1']), tcp(40001, 65535, ['0.0.0.0/0'])]), ['error aws_security_group.sg']],

  // Dynamic blocks, expanded for every block type.
  ['SSH comes from a dynamic ingress block over a literal list of objects', 'CKV_AWS_24',
    dyn([{ for_each: [{ port: 22, cidr: '0.0.0.0/0' }], content: [{ description: 'r', protocol: 'tcp', from_port: '${ingress.value.port}', to_port: '${ingress.value.port}', cidr_blocks: ['${ingress.value.cidr}'] }] }]),
    dyn([{ for_each: [{ port: 22, cidr: '10.0.0.0/8' }], content: [{ description: 'r', protocol: 'tcp', from_port: '${ingress.value.port}', to_port: '${ingress.value.port}', cidr_blocks: ['${ingress.value.cidr}'] }] }]),
    ['error aws_security_group.sg']],
  ['the dynamic block renames its iterator and indexes with ["x"] (object form)', 'CKV_AWS_24',
    dyn({ for_each: [{ port: 3389 }], iterator: 'rule', content: { description: 'r', protocol: 'tcp', from_port: '${rule.value["port"]}', to_port: '${rule.value["port"]}', cidr_blocks: ['0.0.0.0/0'] } }),
    dyn({ for_each: [{ port: 3390 }], iterator: 'rule', content: { description: 'r', protocol: 'tcp', from_port: '${rule.value["port"]}', to_port: '${rule.value["port"]}', cidr_blocks: ['0.0.0.0/0'] } }),
    ['error aws_security_group.sg']],
  ['the dynamic block is written as @cdktf/hcl2json writes HCL (iterator "${rule}")', 'CKV_AWS_24',
    dyn([{ for_each: [22, 3389], iterator: '${rule}', content: [{ description: 'r', protocol: 'tcp', from_port: '${rule.value}', to_port: '${rule.value}', cidr_blocks: ['0.0.0.0/0'] }] }]),
    dyn([{ for_each: [443, 8443], iterator: '${rule}', content: [{ description: 'r', protocol: 'tcp', from_port: '${rule.value}', to_port: '${rule.value}', cidr_blocks: ['0.0.0.0/0'] }] }]),
    ['error aws_security_group.sg']],
  ['the dynamic block iterates a literal local of the file', 'CKV_AWS_24',
    { ...dyn({ for_each: '${toset(local.admin_cidrs)}', content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}'] } }), locals: { admin_cidrs: ['0.0.0.0/0'] } },
    { ...dyn({ for_each: '${toset(local.admin_cidrs)}', content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}'] } }), locals: { admin_cidrs: ['10.0.0.0/8'] } },
    ['error aws_security_group.sg']],
  ['the dynamic block iterates a map: the CIDR is the key', 'CKV_AWS_24',
    dyn({ for_each: { '0.0.0.0/0': 22 }, content: { description: 'r', protocol: 'tcp', from_port: '${ingress.value}', to_port: '${ingress.value}', cidr_blocks: ['${ingress.key}'] } }),
    dyn({ for_each: { '10.0.0.0/8': 22 }, content: { description: 'r', protocol: 'tcp', from_port: '${ingress.value}', to_port: '${ingress.value}', cidr_blocks: ['${ingress.key}'] } }),
    ['error aws_security_group.sg']],
  ['the dynamic block iterates ${toset([...])} and builds the CIDR in a template', 'CKV_AWS_24',
    dyn({ for_each: '${toset(["0.0.0.0"])}', content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}/0'] } }),
    dyn({ for_each: '${toset(["10.0.0.0"])}', content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}/8'] } }),
    ['error aws_security_group.sg']],
  ['a dynamic block nested in a dynamic block', 'CKV_AWS_382',
    { resource: { aws_security_group: { sg: { description: 'd', dynamic: { egress: { for_each: [{ cidrs: ['0.0.0.0/0'] }], content: { description: 'r', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: '${egress.value.cidrs}' } } } } } } },
    { resource: { aws_security_group: { sg: { description: 'd', dynamic: { egress: { for_each: [{ cidrs: ['10.0.0.0/8'] }], content: { description: 'r', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: '${egress.value.cidrs}' } } } } } } },
    ['error aws_security_group.sg']],
  ['metadata_options comes from a dynamic block (any block type is expanded)', 'CKV_AWS_79',
    { resource: { aws_launch_template: { lt: { dynamic: { metadata_options: { for_each: ['optional'], content: { http_tokens: '${metadata_options.value}' } } } } } } },
    { resource: { aws_launch_template: { lt: { dynamic: { metadata_options: { for_each: ['required'], content: { http_tokens: '${metadata_options.value}' } } } } } } },
    ['error aws_launch_template.lt']],

  // Default security group.
  ['a standalone rule is attached to the aws_default_security_group', 'CKV2_AWS_12',
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${aws_default_security_group.d.id}' }) } } },
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${aws_security_group.other.id}' }) } } },
    ['error aws_default_security_group.d']],
  ['an aws_security_group_rule egress is attached to the aws_default_security_group', 'CKV2_AWS_12',
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_security_group_rule: { r: { type: 'egress', security_group_id: '${aws_default_security_group.d.id}', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] } } } },
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_security_group_rule: { r: { type: 'egress', security_group_id: '${aws_security_group.x.id}', protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] } } } },
    ['error aws_default_security_group.d']],
  ['a rule is attached to a VPC\'s default_security_group_id', 'CKV2_AWS_12',
    { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${aws_vpc.main.default_security_group_id}' }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${aws_security_group.main.id}' }) } } },
    ['error aws_vpc_security_group_ingress_rule.r']],

  ['a rule names the VPC\'s default group with spaces, or of a counted VPC', 'CKV2_AWS_12',
    { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${ aws_vpc.main.default_security_group_id }' }), s: vpcRule('10.0.0.0/8', { security_group_id: '${aws_vpc.main[0].default_security_group_id}' }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${ aws_security_group.main.id }' }), s: vpcRule('10.0.0.0/8', { security_group_id: '${aws_security_group.main[0].id}' }) } } },
    ['error aws_vpc_security_group_ingress_rule.r', 'error aws_vpc_security_group_ingress_rule.s']],
  ['a rule names the aws_default_security_group through a local', 'CKV2_AWS_12',
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${local.default_sg}' }) } }, locals: { default_sg: '${aws_default_security_group.d.id}' } },
    { resource: { aws_default_security_group: { d: { vpc_id: 'vpc-1' } }, aws_vpc_security_group_ingress_rule: { r: vpcRule('10.0.0.0/8', { security_group_id: '${local.default_sg}' }) } }, locals: { default_sg: '${aws_security_group.other.id}' } },
    ['error aws_default_security_group.d']],

  // The EKS public endpoint's CIDRs are address sets too.
  ...(['CKV_AWS_38', 'CIS-5.4.1'] as const).flatMap((id): Array<[string, string, Json, Json, string[]]> => [
    ['the public endpoint admits the halves of the internet', id, eks({ public_access_cidrs: ['0.0.0.0/1', '128.0.0.0/1'] }), eks({ public_access_cidrs: ['203.0.113.0/24', '198.51.100.0/24'] }), ['error aws_eks_cluster.c']],
    ['the public endpoint admits 1.2.3.4/0', id, eks({ public_access_cidrs: ['1.2.3.4/0'] }), eks({ public_access_cidrs: ['1.2.3.4/32'] }), ['error aws_eks_cluster.c']],
    ['the public endpoint admits 0.0.0.0/0 through a local of the file', id, { ...eks({ public_access_cidrs: '${local.admins}' }), locals: { admins: ['0.0.0.0/0'] } }, { ...eks({ public_access_cidrs: '${local.admins}' }), locals: { admins: ['203.0.113.0/24'] } }, ['error aws_eks_cluster.c']],
    ['the public endpoint\'s CIDRs are a variable', id, eks({ public_access_cidrs: '${var.admins}' }), eks({ public_access_cidrs: '${var.admins}', endpoint_public_access: false }), ['warning aws_eks_cluster.c (could not be analysed)']],
  ]),

  // Launch-template metadata read the same whatever the spelling.
  ['the hop limit is the string "2"', 'CKV_AWS_341', { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '2' } } } } }, { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '1' } } } } }, ['error aws_launch_template.lt']],
  ['a second metadata_options block holds the hop limit', 'BPG-IMDS-HOP1', { resource: { aws_launch_template: { lt: { metadata_options: [{ http_put_response_hop_limit: 1 }, { http_put_response_hop_limit: 3 }] } } } }, { resource: { aws_launch_template: { lt: { metadata_options: [{ http_put_response_hop_limit: 1 }] } } } }, ['warning aws_launch_template.lt']],

  ['http_tokens is "optional" beside a hop limit that is a variable (one unknown field does not hide another)', 'CKV_AWS_79',
    { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'optional', http_put_response_hop_limit: '${var.hops}' } } } } },
    { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '${var.hops}' } } } } },
    ['error aws_launch_template.lt']],
  ['http_tokens and the hop limit are literal locals of the file', 'CKV_AWS_79',
    { resource: { aws_instance: { i: { metadata_options: { http_tokens: '${local.tokens}', http_put_response_hop_limit: '${local.hops}' } } } }, locals: { tokens: 'optional', hops: 3 } },
    { resource: { aws_instance: { i: { metadata_options: { http_tokens: '${local.tokens}', http_put_response_hop_limit: '${local.hops}' } } } }, locals: { tokens: 'required', hops: 1 } },
    ['error aws_instance.i']],
  ['the hop limit is a literal local of the file', 'CKV_AWS_341',
    { resource: { aws_launch_configuration: { lc: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '${ local.hops }' } } } }, locals: [{ hops: '3' }] },
    { resource: { aws_launch_configuration: { lc: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '${ local.hops }' } } } }, locals: [{ hops: '1' }] },
    ['error aws_launch_configuration.lc']],
  ['the hop limit is -1 (not pinned to 1)', 'BPG-IMDS-HOP1', { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: -1 } } } } }, { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 } } } } }, ['warning aws_launch_template.lt']],

  // What cannot be analysed is reported, never passed.
  ['the CIDR does not parse (a trailing space)', 'CKV_AWS_24', sg([tcp(22, 22, ['0.0.0.0/0 '])]), sg([tcp(22, 22, ['10.0.0.0/8'])]), ['warning aws_security_group.sg (could not be analysed)']],
  ['the CIDR does not parse (/33)', 'AWS-0104', { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('0.0.0.0/33') } } }, { resource: { aws_vpc_security_group_egress_rule: { e: vpcRule('10.0.0.0/8') } } }, ['warning aws_vpc_security_group_egress_rule.e (could not be analysed)']],
  ['the CIDR is a variable', 'CKV_AWS_24', sg([tcp(22, 22, ['${var.admin_cidr}'])]), sg([tcp(22, 22, ['${aws_vpc.main.cidr_block}'])], { aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } }), ['warning aws_security_group.sg (could not be analysed)']],
  ['the port is a variable', 'CKV_AWS_24', sg([tcp('${var.port}', '${var.port}', ['0.0.0.0/0'])]), sg([tcp(443, 443, ['0.0.0.0/0'])]), ['warning aws_security_group.sg (could not be analysed)']],
  ['the protocol is "6.0" (neither a number nor a name)', 'CKV_AWS_24', sg([{ ...tcp(22, 22, ['0.0.0.0/0']), protocol: '6.0' }]), sg([{ ...tcp(22, 22, ['0.0.0.0/0']), protocol: 'gre' }]), ['warning aws_security_group.sg (could not be analysed)']],
  ['a standalone rule\'s for_each is a variable', 'CKV_AWS_24',
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${each.value}', { security_group_id: 'sg-1', for_each: '${var.cidrs}' }) } } },
    { resource: { aws_vpc_security_group_ingress_rule: { a: vpcRule('${each.value}', { security_group_id: 'sg-1', for_each: '${var.cidrs}', from_port: 443, to_port: 443 }) } } },
    ['warning aws_vpc_security_group_ingress_rule.a (could not be analysed)']],
  ['a rule\'s group is a data source or variable that may be the file\'s group holding the other half', 'CKV_AWS_24',
    sg([tcp(22, 22, ['0.0.0.0/2'])], { aws_vpc_security_group_ingress_rule: { b: vpcRule('128.0.0.0/1', { security_group_id: '${data.aws_security_group.sg.id}' }) } }),
    sg([tcp(22, 22, ['0.0.0.0/2'])], { aws_vpc_security_group_ingress_rule: { b: vpcRule('203.0.113.0/24', { security_group_id: '${data.aws_security_group.sg.id}' }) } }),
    ['warning aws_vpc_security_group_ingress_rule.b (could not be analysed)']],
  ['the protocol is a variable', 'CKV_AWS_277', sg([{ ...tcp(0, 0, ['0.0.0.0/0']), protocol: '${var.proto}' }]), sg([{ ...tcp(0, 0, ['10.0.0.0/8']), protocol: '${var.proto}' }]), ['warning aws_security_group.sg (could not be analysed)']],
  ['a dynamic ingress block iterates a variable', 'CKV_AWS_24',
    dyn({ for_each: '${var.rules}', content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}'] } }),
    dyn({ for_each: ['10.0.0.0/8'], content: { description: 'r', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: ['${ingress.value}'] } }),
    ['warning aws_security_group.sg (could not be analysed)']],
  ['a dynamic ingress block over a variable beside a compliant static rule', 'CKV_AWS_260',
    { resource: { aws_security_group: { sg: { description: 'd', ingress: [{ description: 'r', ...tcp(443, 443, ['10.0.0.0/8']) }], dynamic: { ingress: { for_each: '${var.rules}', content: { description: 'r', protocol: 'tcp', from_port: 80, to_port: 80, cidr_blocks: ['${ingress.value}'] } } } } } } },
    { resource: { aws_security_group: { sg: { description: 'd', ingress: [{ description: 'r', ...tcp(443, 443, ['10.0.0.0/8']) }], dynamic: { egress: { for_each: ['10.0.0.0/8'], content: { description: 'r', protocol: 'tcp', from_port: 80, to_port: 80, cidr_blocks: ['${egress.value}'] } } } } } } },
    ['warning aws_security_group.sg (could not be analysed)']],
  ['a dynamic metadata_options block iterates a variable', 'CKV_AWS_79',
    { resource: { aws_launch_template: { lt: { dynamic: { metadata_options: { for_each: '${var.imds}', content: { http_tokens: '${metadata_options.value}' } } } } } } },
    { resource: { aws_launch_template: { lt: { dynamic: { metadata_options: { for_each: ['required'], content: { http_tokens: '${metadata_options.value}' } } } } } } },
    ['warning aws_launch_template.lt (could not be analysed)']],
  ['the hop limit is a variable', 'BPG-IMDS-HOP1', { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: '${var.hops}' } } } } }, { resource: { aws_launch_template: { lt: { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 } } } } }, ['warning aws_launch_template.lt (could not be analysed)']],
];

describe('network evasions are the same case as the plain form', () => {
  test.each(CASES)('fails when %s (%s), passes the equivalent compliant form', (_what, id, flagged, compliant, expected) => {
    expect(found(id, flagged)).toEqual(expected);
    expect(found(id, compliant)).toEqual([]);
  });

  test('the plain forms are still found, on the block that holds them', () => {
    expect(found('CKV_AWS_24', sg([tcp(22, 22, ['0.0.0.0/0'])]))).toEqual(['error aws_security_group.sg']);
    expect(found('CKV_AWS_24', sg([], { aws_vpc_security_group_ingress_rule: { a: vpcRule('0.0.0.0/0'), b: vpcRule('128.0.0.0/1') } }))).toEqual(['error aws_vpc_security_group_ingress_rule.a']);
    expect(found('CKV_AWS_24', sg([tcp(22, 22, ['10.0.0.0/8'])]))).toEqual([]);
  });
});

describe('address sets', () => {
  test.each([
    ['0.0.0.0/0', true], ['1.2.3.4/0', true], ['::/0', true], ['0:0:0:0:0:0:0:0/0', true], ['::ffff:0:0/96', true], ['::ffff:0.0.0.0/96', true], ['64:ff9b::/96', true], ['0.0.0.0/00', true], ['::/00', true], ['2000::/3', true], ['0.0.0.0/1', true], ['128.0.0.0/1', false], ['0.0.0.0/2', false],
    ['10.0.0.0/8', false], ['fd00::/8', false], ['2001:db8::/32', false], ['203.0.113.7/32', false],
  ])('%s admits the internet: %s', (cidr, internet) => {
    expect(isInternet(cidrSet(cidr)!)).toBe(internet);
  });

  test('host bits are cleared and text that is not a CIDR is refused', () => {
    expect(parseCidr('10.1.2.3/8')?.range.lo).toBe(parseCidr('10.0.0.0/8')?.range.lo);
    for (const bad of ['0.0.0.0/33', ' 0.0.0.0/0', '0.0.0.0', 'anywhere', '::/129']) expect(parseCidr(bad)).toBeUndefined();
  });

  test('private means inside private space, parsed: a wider prefix or a text prefix match is not private', () => {
    expect(['10.0.0.0/8', '10.20.0.0/16', '172.31.0.0/16', '192.168.1.0/24', 'fd12::/16'].map(isPrivateCidr)).toEqual([true, true, true, true, true]);
    expect(['10.0.0.0/7', '172.32.0.0/16', '0.0.0.0/0', '10.0.0.0', '192.168.0.0/15'].map(isPrivateCidr)).toEqual([false, false, false, false, false]);
  });
});

describe('dynamic blocks', () => {
  test('expansion appends to the static blocks, substitutes keys and values, and leaves the input unchanged', () => {
    const body = { ingress: [{ from_port: 1 }], dynamic: { ingress: [{ for_each: { a: { p: 2 } }, content: [{ from_port: '${ingress.value.p}', description: 'from ${ingress.key}' }] }] } };
    const before = JSON.stringify(body);
    expect(expandDynamic(body)).toEqual({ ingress: [{ from_port: 1 }, { from_port: 2, description: 'from a' }] });
    expect(JSON.stringify(body)).toBe(before);
  });

  test('an empty literal for_each adds nothing; a reference stays under dynamic', () => {
    expect(expandDynamic({ dynamic: { ingress: { for_each: [], content: { from_port: 1 } } } })).toEqual({});
    expect(expandDynamic({ dynamic: { ingress: { for_each: '${var.x}', content: {} } } })).toEqual({ dynamic: { ingress: [{ for_each: '${var.x}', content: {} }] } });
  });
});
