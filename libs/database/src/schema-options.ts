import type { SchemaOptions } from 'mongoose';

/**
 * Options every Scout schema shares: timestamps maintained by mongoose, no `__v` (documents
 * carry an explicit `version` used for ETags and optimistic concurrency), strict fields, no
 * virtual `id` leaking into lean reads, and no indexes built behind the operator's back in
 * production (see `mongo.autoIndex`).
 */
export const BASE_SCHEMA_OPTIONS: SchemaOptions = {
  timestamps: true,
  versionKey: false,
  strict: true,
  id: false,
};
