/**
 * Free text (a relaxation's reason, a name) inside AWS description fields, which accept fewer
 * characters than a config does: the text is kept as far as the field allows, never refused at
 * apply. Pure.
 */

const fit = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 3)}...`);

/** An EC2 description (security groups and their rules): at most 255 of a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$*. */
export function ec2Description(text: string): string {
  return fit(text.replace(/[^a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/g, ' ').replace(/ {2,}/g, ' '), 255);
}

/** An IAM role or policy description: at most 1,000 characters of tab, newline, printable ASCII and Latin-1. */
export function iamDescription(text: string): string {
  return fit(text.replace(/[^\t\n\r\u0020-\u007E\u00A1-\u00FF]/g, '?'), 1000);
}
