import { OBJECT_ID } from './cache-keys';
import { RULES } from './profile.rules';
import { ProfilesErrors } from './profiles.errors';

/** How a client named a resource: by ObjectId or by publicId. */
export type ResourceRef = { kind: 'id'; value: string } | { kind: 'publicId'; value: string };

/**
 * Reads a path id. A 24-hex string is taken as an ObjectId first (lookups fall back to a
 * publicId of that shape); anything that is neither form is a 400, never a query.
 */
export function parseRef(raw: string): ResourceRef {
  if (OBJECT_ID.test(raw)) return { kind: 'id', value: raw };
  if (RULES.publicId.test(raw)) return { kind: 'publicId', value: raw };
  throw ProfilesErrors.invalidIdentifier(raw);
}
