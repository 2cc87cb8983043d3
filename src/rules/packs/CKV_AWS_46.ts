/** Credentials in user data. Generated from security-rules.md section 8 and eksguard's own rules; edit freely. */
import type { Rule } from '../engine';

export const rule: Rule = {
  id: "CKV_AWS_46",
  severity: 'error',
  title: "Credentials in user data",
  fix: "Remove keys from user_data; nodes use their instance role",
  types: ["aws_launch_template"],
  check: (b) =>
    (() => {
    const u = typeof b.body.user_data === 'string' && !b.body.user_data.startsWith('${') ? Buffer.from(b.body.user_data, 'base64').toString() : '';
    return /AKIA[0-9A-Z]{16}|aws_secret_access_key/i.test(u) ? 'user_data holds an access key' : undefined;
  })(),
};
