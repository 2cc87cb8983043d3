/** Moved to `services/kms.ts`, the kms service family's one file; this path stays for importers. */
export * from './services/kms';
