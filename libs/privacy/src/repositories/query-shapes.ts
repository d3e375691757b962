import { Types } from 'mongoose';
import type { QueryShape } from '@scout/database';

const REQUEST = new Types.ObjectId('6752f2b4c3b4d5e6f7a8c0d1');
const HASH = 'be6fc07e19c4200a1d7fbbfcd7158361e5caac4db530a71e6d82a22cd2170bf5';
const BEFORE = new Date('2026-12-06T11:00:00Z');

/**
 * The suppression list lookup every write path sends (create, batch, scrape request and landing,
 * scheduler): the candidate hashes by `_id`.
 */
export const SUPPRESSION_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'suppressions.byHash',
    collection: 'suppressions',
    equality: ['_id'],
    index: { _id: 1 },
    examples: [{ filter: { _id: { $in: [HASH] } } }, { filter: { _id: HASH } }],
  },
];

/** Every query of the erasure requests repository. */
export const ERASURE_REQUEST_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'erasure_requests.byId',
    collection: 'erasure_requests',
    equality: ['_id'],
    index: { _id: 1 },
    examples: [{ filter: { _id: REQUEST } }],
  },
  {
    name: 'erasure_requests.pending',
    collection: 'erasure_requests',
    equality: ['state'],
    sort: [['_id', 1]],
    index: { state: 1, _id: 1 },
    examples: [{ filter: { state: 'pending' }, sort: { state: 1, _id: 1 }, limit: 20 }],
  },
  {
    name: 'erasure_requests.completedBefore',
    collection: 'erasure_requests',
    range: ['completedAt'],
    index: { completedAt: 1 },
    examples: [{ filter: { completedAt: { $lt: BEFORE } }, sort: { completedAt: 1 }, limit: 500 }],
  },
];
