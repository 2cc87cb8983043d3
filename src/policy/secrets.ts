/** Moved to `services/secrets.ts`, the secrets service family's one file; this path stays for importers. */
export * from './services/secrets';
