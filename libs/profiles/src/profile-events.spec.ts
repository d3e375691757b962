import { Types } from 'mongoose';
import {
  createdEvent,
  deletedEvent,
  profileChanges,
  toJsonValue,
  updatedEvent,
} from './profile-events';
import type { StoredProfile } from './stored-profile';

const ACME = '6752f19fc3b4d5e6f7a8b001';
const GLOBEX = '6752f19fc3b4d5e6f7a8b002';

function record(overrides: Partial<StoredProfile> = {}): StoredProfile {
  return {
    id: '6752f1a0c3b4d5e6f7a8b9c0',
    publicId: 'jane-doe',
    fullName: 'Jane Doe',
    headline: 'Engineer',
    location: { city: 'London', country: 'GB' },
    currentCompany: ACME,
    experiences: [{ title: 'Engineer', company: ACME }],
    education: [],
    skills: ['go'],
    searchTerms: ['jane', 'doe', 'engineer'],
    scrape: { status: 'never' },
    source: 'manual',
    contentHash: 'hash-1',
    version: 1,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    ...overrides,
  };
}

describe('profile change events', () => {
  it('turn stored values into JSON: ids as hex, instants as ISO, absent fields dropped', () => {
    expect(
      toJsonValue({
        company: new Types.ObjectId(ACME),
        at: new Date('2026-12-06T00:00:00Z'),
        note: undefined,
      }),
    ).toEqual({ company: ACME, at: '2026-12-06T00:00:00.000Z' });
    expect(toJsonValue(undefined)).toBeNull();
  });

  it('diff only the content fields that differ, whatever the key order of subdocuments', () => {
    const before = record();
    const after = record({
      version: 2,
      location: { country: 'GB', city: 'London' },
      currentCompany: GLOBEX,
      headline: undefined,
      skills: ['go', 'rust'],
      searchTerms: ['jane', 'doe'],
      contentHash: 'hash-2',
      updatedAt: new Date(),
    });
    expect(profileChanges(before, after)).toEqual([
      { field: 'headline', from: 'Engineer', to: null },
      { field: 'currentCompany', from: ACME, to: GLOBEX },
      { field: 'skills', from: ['go'], to: ['go', 'rust'] },
    ]);
  });

  it('treat an empty list and an absent one as the same value', () => {
    expect(profileChanges(record({ education: [] }), record({ education: undefined }))).toEqual([]);
  });

  it('carry the version as sequence, the changed field names as data, the snapshot without derived fields', () => {
    const before = record();
    const after = record({ version: 2, headline: 'Staff engineer' });
    const updated = updatedEvent(before, after, 'api-key:k1');
    expect(updated).toMatchObject({
      type: 'profile.updated',
      subject: { kind: 'profile', id: before.id },
      sequence: 2,
      actor: 'api-key:k1',
      data: { publicId: 'jane-doe', changedFields: ['headline'] },
    });
    expect(updated.snapshot).not.toHaveProperty('searchTerms');
    expect(updated.snapshot).not.toHaveProperty('contentHash');
    expect(updated.snapshot).toMatchObject({ headline: 'Staff engineer', version: 2 });
    // History keeps the document as stored: ObjectIds, not the hex strings the domain reads.
    expect(updated.snapshot).toMatchObject({
      _id: new Types.ObjectId(before.id),
      currentCompany: new Types.ObjectId(ACME),
      experiences: [{ title: 'Engineer', company: new Types.ObjectId(ACME) }],
    });
    expect(updated.snapshot).not.toHaveProperty('id');

    expect(createdEvent(before, 'scheduler')).toMatchObject({
      sequence: 1,
      data: { publicId: 'jane-doe' },
    });
    expect(createdEvent(before, 'scheduler').changes!.map((c) => c.field)).toEqual([
      'publicId',
      'fullName',
      'headline',
      'location',
      'currentCompany',
      'experiences',
      'skills',
      'source',
    ]);
    expect(deletedEvent(after, 'system')).toMatchObject({
      type: 'profile.deleted',
      sequence: 3,
      changes: [],
    });
    expect(deletedEvent(after, 'system').snapshot).toBeUndefined();
  });
});
