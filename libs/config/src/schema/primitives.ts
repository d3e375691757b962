import { z } from 'zod';

/** A TCP port to listen on. */
export const port = z.number().int().min(1).max(65535);
/** A port where 0 means "do not listen". */
export const optionalPort = z.number().int().min(0).max(65535);
/** A count or duration that must be at least 1. */
export const positiveInt = z.number().int().min(1);
/** A count or duration where 0 is meaningful (off, none, no limit). */
export const nonNegativeInt = z.number().int().min(0);
/** A fraction such as a sampling rate. */
export const ratio = z.number().min(0).max(1);
/** Shortest secret Scout accepts, per entry of a secret list. */
const MIN_SECRET_LENGTH = 32;
/** Marks the secrets checked in for development and tests; production refuses them. */
export const NON_PRODUCTION_SECRET = /not-for-production/i;

/**
 * A rotatable secret: one or more entries, newest first, given as a list or as one
 * comma-separated string. The newest signs or hashes everything new; older entries only keep
 * what they signed valid until they are removed. Problems name an entry by position, never by
 * value.
 */
export function secretList(purpose: string) {
  const required = `required: one or more comma-separated secrets of at least ${MIN_SECRET_LENGTH} characters ${purpose}`;
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string(), { error: required })
      .min(1, required)
      .superRefine((entries, ctx) => {
        entries.forEach((entry, index) => {
          if (entry.length < MIN_SECRET_LENGTH) {
            ctx.addIssue({
              code: 'custom',
              message: `entry ${index + 1} of ${entries.length} must be at least ${MIN_SECRET_LENGTH} characters`,
            });
          }
          if (entries.indexOf(entry) !== index) {
            ctx.addIssue({
              code: 'custom',
              message: `entry ${index + 1} of ${entries.length} repeats an earlier one`,
            });
          }
        });
      }),
  );
}

/** How an environment variable's text is turned into a setting's value. */
export type EnvKind = 'string' | 'int' | 'number' | 'bool' | 'list';

/**
 * One environment variable and the setting it overrides. Kept as data so the loader, the error
 * messages and `.env.example` all speak of the same names.
 */
export interface EnvBinding {
  env: string;
  path: string;
  kind: EnvKind;
}
