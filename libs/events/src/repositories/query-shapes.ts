import { Types } from 'mongoose';
import type { IndexExemption, QueryShape } from '@scout/database';
import { historyFilter, stalePendingFilter } from './change-event.repository';

const EVENT = new Types.ObjectId('6752f1a0c3b4d5e6f7a8b9c1');
const OTHER = new Types.ObjectId('6752f1a0c3b4d5e6f7a8b9c2');
const JANE = { kind: 'profile' as const, id: '6752f1a0c3b4d5e6f7a8b9c0' };
const BY_SUBJECT = { 'subject.kind': 1, 'subject.id': 1, sequence: 1 } as const;

/** Every query the event log and history send to the events collection, by shape. */
export const EVENT_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'events.pendingByIds',
    collection: 'events',
    equality: ['_id'],
    residual: ['state'],
    index: { _id: 1 },
    examples: [
      { filter: { _id: EVENT, state: 'pending' } },
      { filter: { _id: { $in: [EVENT, OTHER] }, state: 'pending' } },
    ],
  },
  {
    name: 'events.pendingStagedWith',
    collection: 'events',
    equality: ['stagedWith'],
    residual: ['state'],
    index: { stagedWith: 1 },
    examples: [
      { filter: { stagedWith: '0b7f6a52-8d3e-4f7a-9c1e-2a4b6c8d0e1f', state: 'pending' } },
    ],
  },
  {
    name: 'events.stalePending',
    collection: 'events',
    equality: ['state', 'dispatchedAt'],
    sort: [['_id', 1]],
    range: ['_id'],
    index: { state: 1, dispatchedAt: 1, _id: 1 },
    examples: [
      {
        filter: stalePendingFilter(new Date('2026-12-06T00:00:00Z')),
        sort: { _id: 1 },
        limit: 200,
      },
    ],
  },
  {
    name: 'events.laterOfSubject',
    collection: 'events',
    equality: ['subject.kind', 'subject.id'],
    range: ['sequence'],
    index: BY_SUBJECT,
    examples: [
      { filter: { 'subject.kind': JANE.kind, 'subject.id': JANE.id, sequence: { $gt: 3 } } },
    ],
  },
  {
    name: 'events.history',
    collection: 'events',
    equality: ['subject.kind', 'subject.id'],
    sort: [['sequence', -1]],
    range: ['sequence'],
    residual: ['state'],
    index: BY_SUBJECT,
    examples: [undefined, 21].map((before) => ({
      filter: historyFilter(JANE, before),
      sort: { sequence: -1 },
      limit: 21,
    })),
  },
  // A person's data export (@scout/privacy): their profile's whole history, oldest first.
  {
    name: 'events.personHistory',
    collection: 'events',
    equality: ['subject.kind', 'subject.id'],
    sort: [['sequence', 1]],
    residual: ['state'],
    index: BY_SUBJECT,
    examples: [
      {
        filter: { 'subject.kind': JANE.kind, 'subject.id': JANE.id, state: 'committed' },
        sort: { sequence: 1 },
        limit: 1000,
      },
    ],
  },
  // A person's events for their erasure (@scout/privacy): their profile's and their scrape jobs'.
  {
    name: 'events.ofPerson',
    collection: 'events',
    anyOf: [{ equality: ['subject.kind', 'subject.id'], index: BY_SUBJECT }],
    examples: [
      {
        filter: {
          $or: [
            { 'subject.kind': 'profile', 'subject.id': JANE.id },
            { 'subject.kind': 'scrape_job', 'subject.id': { $in: [JANE.id] } },
          ],
        },
      },
    ],
  },
  {
    name: 'events.historyVersion',
    collection: 'events',
    equality: ['subject.kind', 'subject.id', 'sequence'],
    residual: ['state'],
    index: BY_SUBJECT,
    examples: [
      {
        filter: {
          'subject.kind': JANE.kind,
          'subject.id': JANE.id,
          sequence: 3,
          state: 'committed',
        },
      },
    ],
  },
  // The history retention sweep of @scout/privacy: delivered or discarded profile events older
  // than the cutoff, taken by `_id` in batches.
  {
    name: 'events.historyBefore',
    collection: 'events',
    equality: ['subject.kind'],
    range: ['occurredAt'],
    residual: ['state', 'dispatchedAt'],
    index: { 'subject.kind': 1, occurredAt: 1 },
    examples: [
      {
        filter: {
          'subject.kind': 'profile',
          occurredAt: { $lt: new Date('2025-12-06T12:00:00Z') },
          $or: [{ state: { $ne: 'committed' } }, { dispatchedAt: { $exists: true } }],
        },
        limit: 500,
      },
    ],
  },
];

/** Indexes of the events collection that exist for integrity, not for a query. */
export const EVENT_INDEX_EXEMPTIONS: readonly IndexExemption[] = [
  {
    collection: 'events',
    key: { eventId: 1 },
    reason: 'receivers deduplicate on eventId, so it must be unique; nothing looks events up by it',
  },
];
