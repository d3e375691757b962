import type { QueryShape } from './query-shapes';

const ID = 'Zr4c3pQx8bq1m0N2eVt7s5Kd9wHj6yLf4aUo2iTg1Bc';
const AT = new Date('2026-12-06T12:00:00Z');

/**
 * Every query IdempotencyStore sends — point lookups and conditional writes by `_id` — and the
 * retention sweep of `@scout/privacy` (records made before a cutoff).
 */
export const IDEMPOTENT_REQUEST_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'idempotent_requests.byId',
    collection: 'idempotent_requests',
    equality: ['_id'],
    index: { _id: 1 },
    residual: ['state', 'claimedAt', 'expiresAt'],
    examples: [
      { filter: { _id: ID } },
      { filter: { _id: ID, state: 'pending' } },
      { filter: { _id: ID, state: 'unknown', claimedAt: AT } },
      { filter: { _id: ID, expiresAt: AT } },
    ],
  },
  {
    name: 'idempotent_requests.createdBefore',
    collection: 'idempotent_requests',
    range: ['createdAt'],
    index: { createdAt: 1 },
    examples: [{ filter: { createdAt: { $lt: AT } }, limit: 500 }],
  },
];
