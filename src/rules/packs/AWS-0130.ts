/** Launch template allows IMDSv1: trivy's twin of checkov's CKV_AWS_79, same condition. */
import type { Rule } from '../engine';
import { rule as ckvAws79 } from './CKV_AWS_79';

export const rule: Rule = { ...ckvAws79, id: 'AWS-0130', why: 'IMDSv1 answers plain GET requests, so an SSRF bug in any pod can steal the node role\'s credentials (trivy AWS-0130).' };
