/** Moved to `services/dynamodb.ts`, the dynamodb service family's one file; this path stays for importers. */
export * from './services/dynamodb';
