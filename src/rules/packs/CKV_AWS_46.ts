/** Credentials in user data. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

/**
 * An access key id (long-term AKIA, temporary ASIA) or a secret access key (40 characters of base64)
 * assigned to a name holding aws_secret_access_key; a placeholder (`AWS_SECRET_ACCESS_KEY=bar`) is not a key.
 */
const KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i;

/**
 * The texts user data may hold: as written (aws_instance and aws_launch_configuration take plain
 * text; a launch template's is base64, but a key is in the configuration either way) and its base64
 * decoding. An expression is not read (templatefile, filebase64: only a plan has the text).
 */
function texts(v: unknown): string[] {
  if (typeof v !== 'string' || v.startsWith('${')) return [];
  const out = [v];
  if (/^[A-Za-z0-9+/=\s]+$/.test(v)) out.push(Buffer.from(v, 'base64').toString('utf8'));
  return out;
}

export const rule: Rule = {
  id: "CKV_AWS_46",
  severity: 'error',
  title: "Credentials in user data",
  why: "User data is readable by anyone who can describe the instance or reach its metadata; keys written there leak (checkov CKV_AWS_46).",
  fix: "Remove keys from user_data; nodes and instances use their instance role",
  types: ["aws_launch_template", "aws_instance", "aws_launch_configuration"],
  check: (b) =>
    [...texts(b.body.user_data), ...texts(b.body.user_data_base64)].some((t) => KEY.test(t)) ? 'user_data holds an access key' : undefined,
};
