import { Types } from 'mongoose';
import type { Profile } from '../schemas/profile.schema';
import type { StoredProfile } from '../stored-profile';

/** A lean profile document as the driver returns it; it never leaves the repositories. */
export type ProfileDocumentRecord = Profile & { _id: Types.ObjectId };

/**
 * A stored document (or a history snapshot of one) as the domain reads it: ids as hex strings,
 * every other value as stored.
 */
export function fromDocument(doc: object): StoredProfile {
  const { _id, currentCompany, experiences, ...rest } = doc as Partial<ProfileDocumentRecord>;
  const stored: Record<string, unknown> = { id: _id?.toHexString(), ...rest };
  if (currentCompany) stored.currentCompany = currentCompany.toHexString();
  if (experiences) {
    stored.experiences = experiences.map(({ company, ...experience }) =>
      company ? { ...experience, company: company.toHexString() } : experience,
    );
  }
  return stored as unknown as StoredProfile;
}

/**
 * Domain values as the document stores them: `id` as `_id`, company references as ObjectIds.
 * `null` and `undefined` pass through (a patch's `$unset` is split off before).
 */
export function toDocument(values: object): Record<string, unknown> {
  const { id, ...rest } = values as Record<string, unknown>;
  // `_id` first, where the server keeps it.
  const doc: Record<string, unknown> =
    typeof id === 'string' ? { _id: new Types.ObjectId(id), ...rest } : { ...rest };
  if (typeof rest.currentCompany === 'string') {
    doc.currentCompany = new Types.ObjectId(rest.currentCompany);
  }
  if (Array.isArray(rest.experiences)) {
    doc.experiences = (rest.experiences as Array<{ company?: string }>).map(
      ({ company, ...experience }) =>
        company ? { ...experience, company: new Types.ObjectId(company) } : experience,
    );
  }
  return doc;
}

/** Splits stored content into the fields it sets and the optional ones it leaves out. */
export function setAndUnset(stored: Record<string, unknown>): {
  $set: Record<string, unknown>;
  $unset?: Record<string, ''>;
} {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}
