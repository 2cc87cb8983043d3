/**
 * A report's acknowledgement reasons are printed by `check`: one that holds control or formatting
 * characters (which no config can hold, so synth never writes) is not applied, and `check` says so,
 * so a report cannot erase or forge lines of its output.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { reportAcknowledgements, REPORT_FILE } from '../../src/app/guardrails';
import { loadTerraform } from '../../src/rules';
import { exampleInput, synthTo } from '../support/synth';

const out = synthTo(exampleInput());
const original = readFileSync(path.join(out, REPORT_FILE), 'utf8');

function withReason(reason: string | undefined) {
  const report = JSON.parse(original);
  if (reason !== undefined) for (const a of report.acknowledged) a.acknowledgement.reason = reason;
  writeFileSync(path.join(out, REPORT_FILE), JSON.stringify(report));
  return reportAcknowledgements(loadTerraform([out]));
}

test.each<[string, string | undefined, boolean]>([
  ['the report as synth wrote it', undefined, true],
  ['a reason in another language', 'équipe d’astreinte — 夜間', true],
  ['fails when a reason erases the lines above it (CR, ESC [1A ESC [2K)', 'ok\r\u001b[1A\u001b[2K', false],
  ['fails when a reason forges a line', 'ok\neksguard check: 0 error(s)', false],
  ['fails when a reason reverses its text (U+202E)', 'ok \u202eelor', false],
])('%s', (_what, reason, applied) => {
  const r = withReason(reason);
  expect(JSON.parse(original).acknowledged.length).toBeGreaterThan(0);
  if (applied) {
    expect(r.acknowledgements.length).toBe(JSON.parse(original).acknowledged.length);
    expect(r.warnings).toEqual([]);
  } else {
    expect(r.acknowledgements).toEqual([]);
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(r.warnings.join('\n')).toMatch(/reason with control or formatting characters/);
  }
});
