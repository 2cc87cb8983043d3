/** Moved to `services/ecr.ts`, the ecr service family's one file; this path stays for importers. */
export * from './services/ecr';
