/**
 * `eksguard rules`: the rule pack as a list (id, severity, what, why, how to fix, how to acknowledge),
 * as text for people and JSON for tools.
 */
import type { Rule } from '../rules/engine';

/** The acknowledgement a config would carry for a finding of this rule on one block. */
export function acknowledgementExample(rule: Rule): { rule: string; target: string; reason: string } {
  const type = rule.types[0] ?? '<type>';
  return { rule: rule.id, target: `<stack>/${type}.<name>`, reason: '<why this finding is accepted, at least 10 characters>' };
}

const HOW_TO_ACKNOWLEDGE =
  'In the eksguard config, under acknowledgements: one rule id, one target [<stack>/]<type>.<name> (* only inside the name) and a reason; ' +
  '`eksguard check` on an eksguard output applies the acknowledgements its eksguard-report.json records.';

export function formatRules(rules: readonly Rule[]): string {
  const lines: string[] = [`${rules.length} rules (error findings stop synth and fail check; warnings are printed).`, `How to acknowledge a finding: ${HOW_TO_ACKNOWLEDGE}`, ''];
  for (const r of rules) {
    const ack = acknowledgementExample(r);
    lines.push(
      `${r.id} (${r.severity}): ${r.title}`,
      `  reads:       ${r.types.join(', ')}`,
      `  why:         ${r.why}`,
      `  fix:         ${r.fix}`,
      `  acknowledge: acknowledgements: [{ rule: ${ack.rule}, target: "${ack.target}", reason: "..." }]`,
      '',
    );
  }
  return `${lines.join('\n')}`;
}

export function formatRulesJson(rules: readonly Rule[]): string {
  const list = rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, why: r.why, fix: r.fix, types: r.types, acknowledge: acknowledgementExample(r) }));
  return `${JSON.stringify({ howToAcknowledge: HOW_TO_ACKNOWLEDGE, rules: list }, null, 2)}\n`;
}
