/** The guardrails: a rule pack over Terraform JSON, run at synth and by `eksguard check`. */
export * from './model';
export * from './engine';
export { IamCatalog } from './catalog';
export { RULES } from './packs';
export { RULE_IDS } from './ids';
export * from './acknowledgements';
export { loadTerraform, sha256 } from './load';
