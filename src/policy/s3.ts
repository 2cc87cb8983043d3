/** Moved to `services/s3.ts`, the s3 service family's one file; this path stays for importers. */
export * from './services/s3';
