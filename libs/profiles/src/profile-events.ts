import { Types } from 'mongoose';
import type { Actor, EventDraft, FieldChange } from '@scout/events';
import { PROFILE_FIELD_NAMES } from './profile.fields';
import { toDocument } from './repositories/profile.document';
import type { StoredProfile } from './stored-profile';

/** Derived from the content, so history leaves them out of snapshots. */
const DERIVED_FIELDS = ['searchTerms', 'contentHash'];

/** A stored value as JSON: ids as hex strings, instants as ISO strings, absent as null. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}

/** JSON with object keys sorted, so two stored values compare by content, not key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * The content fields that differ between two stored documents, with both values as JSON. Read
 * from what was stored before and after the write, so it shows what the database holds, not
 * what a request asked for.
 */
export function profileChanges(
  before: StoredProfile | null,
  after: StoredProfile | null,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of PROFILE_FIELD_NAMES) {
    const from = toJsonValue(before?.[field]);
    const to = toJsonValue(after?.[field]);
    const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
    if (empty(from) && empty(to)) continue;
    if (canonical(from) !== canonical(to)) changes.push({ field, from, to });
  }
  return changes;
}

/** The stored document as history keeps it (BSON types intact, derived fields left out). */
export function profileSnapshot(profile: StoredProfile): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(toDocument(profile)).filter(([key]) => !DERIVED_FIELDS.includes(key)),
  );
}

/** `profile.created`: version 1, every content field as a change from nothing. */
export function createdEvent(after: StoredProfile, actor: Actor): EventDraft {
  return {
    type: 'profile.created',
    subject: { kind: 'profile', id: after.id },
    sequence: after.version,
    actor,
    data: { publicId: after.publicId },
    changes: profileChanges(null, after),
    snapshot: profileSnapshot(after),
  };
}

/** `profile.updated`: the version reached, and the names of the content fields it changed. */
export function updatedEvent(
  before: StoredProfile,
  after: StoredProfile,
  actor: Actor,
): EventDraft {
  const changes = profileChanges(before, after);
  return {
    type: 'profile.updated',
    subject: { kind: 'profile', id: after.id },
    sequence: after.version,
    actor,
    data: { publicId: after.publicId, changedFields: changes.map((c) => c.field) },
    changes,
    snapshot: profileSnapshot(after),
  };
}

/** `profile.deleted`: one step past the last version; history keeps no snapshot of it. */
export function deletedEvent(before: StoredProfile, actor: Actor): EventDraft {
  return {
    type: 'profile.deleted',
    subject: { kind: 'profile', id: before.id },
    sequence: before.version + 1,
    actor,
    data: { publicId: before.publicId },
    changes: [],
  };
}

/**
 * The event with its history read again from what the write actually stored; the staged draft
 * itself when that is what it said already (the usual case: the write ran under the profile's
 * lock), so committing it rewrites nothing.
 */
export function refinedFrom(
  draft: EventDraft,
  before: StoredProfile | null,
  after: StoredProfile,
): EventDraft {
  const changes = profileChanges(before, after);
  const refined: EventDraft = {
    ...draft,
    data:
      draft.type === 'profile.updated'
        ? { publicId: after.publicId, changedFields: changes.map((c) => c.field) }
        : draft.data,
    changes,
    snapshot: profileSnapshot(after),
  };
  const content = (e: EventDraft) => canonical(toJsonValue([e.data, e.changes, e.snapshot]));
  return content(refined) === content(draft) ? draft : refined;
}
