/** The guardrails: a rule pack over Terraform JSON, run at synth and by `eksguard check`. */
export * from './model';
export * from './engine';
export { IamCatalog } from './catalog';
export { RULES } from './packs';
export { RULE_IDS } from './ids';
export * from './acknowledgements';
export { loadInputs, loadTerraform, resourceCount, sha256, type LoadOptions } from './load';
export { planSides, UNKNOWN } from './input/plan';
