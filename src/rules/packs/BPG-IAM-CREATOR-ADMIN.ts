/** EKS cluster creator gets silent admin. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';
import { one } from '../helpers';

export const rule: Rule = {
  id: "BPG-IAM-CREATOR-ADMIN",
  severity: 'warning',
  title: "EKS cluster creator gets silent admin",
  why: "The principal that creates the cluster gets cluster-admin that no access entry shows, so nobody reviewing access sees it (EKS Best Practices, cluster access).",
  fix: "Set access_config.bootstrap_cluster_creator_admin_permissions = false",
  types: ["aws_eks_cluster"],
  check: (b) =>
    one(b.body.access_config)?.bootstrap_cluster_creator_admin_permissions !== false ? 'bootstrap_cluster_creator_admin_permissions is absent or true' : undefined,
};
