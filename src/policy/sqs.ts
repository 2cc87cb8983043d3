/** Moved to `services/sqs.ts`, the sqs service family's one file; this path stays for importers. */
export * from './services/sqs';
