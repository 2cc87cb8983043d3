/** Moved to `services/eks.ts`, the eks service family's one file; this path stays for importers. */
export * from './services/eks';
