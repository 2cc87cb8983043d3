/** The guardrails: a rule pack over Terraform JSON, run at synth and by `eksguard check`. */
export * from './model';
export * from './engine';
export { IamCatalog } from './catalog';
export { RULES } from './packs';
export { loadTerraform } from './load';
