/** Launch template allows IMDSv1: trivy's twin of checkov's CKV_AWS_79, same condition. */
import type { Rule } from '../engine';
import { rule as ckvAws79 } from './CKV_AWS_79';

export const rule: Rule = { ...ckvAws79, id: 'AWS-0130' };
