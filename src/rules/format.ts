/**
 * Findings as text (one line each), JSON, Markdown (a PR comment) and SARIF 2.1.0 (GitHub code
 * scanning). Pure.
 */
import type { Rule, RuleRun } from './engine';
import type { Finding } from './model';
import { visible } from '../config/problems';

/** `error [CKV_AWS_341] production-cluster/aws_launch_template.general (clusters[0].nodeGroups[0]): what. fix` */
export function formatFinding(f: Finding): string {
  const where = `${f.stack}/${f.address}${f.configPath !== undefined ? ` (${f.configPath})` : ''}`;
  return visible(`${f.severity} [${f.ruleId}] ${where}: ${f.message}. ${f.fix}`);
}

/** `warning [acknowledgements[1]] acknowledgement of CKV_AWS_7 on aws_kms_key.other matches no finding` */
export function formatStale(s: RuleRun['stale'][number]): string {
  return visible(`warning [${s.acknowledgement.source}] acknowledgement of ${s.acknowledgement.rule} on ${s.acknowledgement.target} ${s.why}`);
}

/** An acknowledgement covering several findings, each named: printed on every run so the reach stays reviewed. */
export function formatMultiple(m: RuleRun['multiple'][number]): string {
  return visible(`warning [${m.acknowledgement.source}] acknowledgement of ${m.acknowledgement.rule} on ${m.acknowledgement.target} covers ${m.covers.length} findings (matches: ${m.acknowledgement.matches ?? 1}): ${m.covers.join(', ')}`);
}

export function formatText(run: RuleRun): string {
  const lines = run.findings.map(formatFinding);
  for (const a of run.acknowledged) lines.push(visible(`acknowledged [${a.ruleId}] ${a.stack}/${a.address}: ${a.acknowledgement.reason} (${a.acknowledgement.source})`));
  lines.push(...run.multiple.map(formatMultiple), ...run.stale.map(formatStale));
  lines.push(summaryLine(run));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(run: RuleRun): string {
  const errors = run.findings.filter((f) => f.severity === 'error').length;
  return `eksguard check: ${errors} error(s), ${run.findings.length - errors} warning(s), ${run.acknowledged.length} acknowledged`;
}

export function formatJson(run: RuleRun): string {
  return `${JSON.stringify({ findings: run.findings, acknowledged: run.acknowledged, stale: run.stale, multiple: run.multiple }, null, 2)}\n`;
}

/**
 * A table cell: visible text (control and bidi characters shown as escapes), HTML-escaped so no text
 * from a checked file or a report opens a comment or closes the `<details>` around it, pipes escaped.
 */
const cell = (s: string) => visible(s.replace(/\n/g, ' ')).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
/** Inline code for eksguard's own identifiers (rule ids): a backtick cannot close it early. */
const code = (s: string) => `\`${visible(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

export function formatMarkdown(run: RuleRun): string {
  const out = [`### eksguard check`, '', summaryLine(run).replace('eksguard check: ', ''), ''];
  if (run.findings.length > 0) {
    out.push('| severity | rule | resource | finding | fix |', '| --- | --- | --- | --- | --- |');
    for (const f of run.findings) out.push(`| ${f.severity} | ${code(f.ruleId)} | ${cell(`${f.stack}/${f.address}`)}${f.configPath ? ` (${cell(f.configPath)})` : ''} | ${cell(f.message)} | ${cell(f.fix)} |`);
    out.push('');
  }
  if (run.acknowledged.length > 0) {
    out.push('<details><summary>Acknowledged</summary>', '', '| rule | resource | reason |', '| --- | --- | --- |');
    for (const a of run.acknowledged) out.push(`| ${code(a.ruleId)} | ${cell(`${a.stack}/${a.address}`)} | ${cell(a.acknowledgement.reason)} |`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** Where a SARIF result points: the file and line of the resource, and the config line it comes from on an eksguard output. */
export interface SarifLocation {
  /** The resource's file; absent when nothing was written (a synth its guardrails stopped): the address alone locates it. */
  readonly uri?: string;
  readonly line?: number;
  readonly config?: { readonly uri: string; readonly line: number; readonly path: string };
}

/**
 * SARIF 2.1.0: one result per finding, located in the Terraform file (address as the logical
 * location) and, when the finding comes from an eksguard config field, at that field's line first.
 * Acknowledged findings are results too, suppressed (`kind: external`) with the acknowledgement's reason.
 */
/** A config problem in SARIF: where in the config file it is (absent for a problem with no place there, such as --out). */
export interface SarifProblem {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  readonly config?: { readonly uri: string; readonly line: number };
}

/** A run with nothing in it: the SARIF of a synth that stopped at its config's problems. */
export const EMPTY_RUN: RuleRun = { findings: [], acknowledged: [], stale: [], multiple: [], checked: {} };

/** The rule id of config problems (schema and cross-field validation) in SARIF. */
export const CONFIG_RULE = 'EKSGUARD-CONFIG';

export function formatSarif(run: RuleRun, rules: readonly Rule[], locate: (f: Finding) => SarifLocation = (f) => ({ uri: f.file, line: 1 }), problems: readonly SarifProblem[] = []): string {
  const used = [...new Set([...run.findings, ...run.acknowledged].map((f) => f.ruleId))].sort();
  const byId = new Map(rules.map((r) => [r.id, r]));
  const result = (f: Finding, acknowledgement?: RuleRun['acknowledged'][number]['acknowledgement']) => {
    const at = locate(f);
    const logical = [{ fullyQualifiedName: `${f.stack}/${f.address}`, kind: 'resource' }];
    const resource = at.uri === undefined ? { logicalLocations: logical } : { physicalLocation: { artifactLocation: { uri: at.uri }, region: { startLine: at.line ?? 1 } }, logicalLocations: logical };
    const config = at.config === undefined ? [] : [{ physicalLocation: { artifactLocation: { uri: at.config.uri }, region: { startLine: at.config.line } }, logicalLocations: [{ fullyQualifiedName: at.config.path, kind: 'member' }] }];
    return {
      ruleId: f.ruleId,
      level: f.severity === 'warning' ? 'warning' : 'error',
      message: { text: `${f.message}. ${f.fix}` },
      locations: [...config, resource],
      partialFingerprints: { eksguardResource: `${f.ruleId}/${f.stack}/${f.address}` },
      ...(acknowledgement !== undefined ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${acknowledgement.reason} (${acknowledgement.source})` }] } : {}),
    };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eksguard',
            rules: [
              ...(problems.length > 0 ? [{ id: CONFIG_RULE, name: 'EksguardConfig', shortDescription: { text: 'The config is invalid' }, help: { text: 'Fix the field the problem names; eksguard writes nothing until the config is valid.' }, defaultConfiguration: { level: 'error' } }] : []),
              ...used.map((id) => ({
              id,
              name: id.replace(/[^A-Za-z0-9]/g, ''),
              shortDescription: { text: byId.get(id)?.title ?? id },
              help: { text: byId.get(id)?.fix ?? '' },
              defaultConfiguration: { level: byId.get(id)?.severity === 'warning' ? 'warning' : 'error' },
              })),
            ],
          },
        },
        results: [
          ...problems.map((p) => ({
            ruleId: CONFIG_RULE,
            level: 'error',
            message: { text: `[${p.path}] ${p.message}. ${p.fix}` },
            locations: [{ ...(p.config !== undefined ? { physicalLocation: { artifactLocation: { uri: p.config.uri }, region: { startLine: p.config.line } } } : {}), logicalLocations: [{ fullyQualifiedName: p.path, kind: 'member' }] }],
            partialFingerprints: { eksguardResource: `${CONFIG_RULE}/${p.path}` },
          })),
          ...run.findings.map((f) => result(f)),
          ...run.acknowledged.map((a) => result(a, a.acknowledgement)),
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
