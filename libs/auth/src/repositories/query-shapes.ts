import { Types } from 'mongoose';
import type { QueryShape } from '@scout/database';
import { API_KEY_LIST_SORT } from './api-key.repository';

const KEY = new Types.ObjectId('6752f3c5c3b4d5e6f7a8d1e2');

/** Every query ApiKeyRepository sends, by shape. */
export const API_KEY_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'api_keys.byPrefix',
    collection: 'api_keys',
    equality: ['prefix'],
    index: { prefix: 1 },
    examples: [{ filter: { prefix: 'k7Qm2xPa' } }],
  },
  {
    name: 'api_keys.byId',
    collection: 'api_keys',
    equality: ['_id'],
    index: { _id: 1 },
    residual: ['revokedAt', 'lastUsedAt'],
    examples: [
      { filter: { _id: KEY } },
      { filter: { _id: KEY, revokedAt: { $exists: false } } },
      {
        filter: {
          _id: KEY,
          $or: [
            { lastUsedAt: { $exists: false } },
            { lastUsedAt: { $lt: new Date('2026-12-06T11:59:00Z') } },
          ],
        },
      },
    ],
  },
  {
    name: 'api_keys.list',
    collection: 'api_keys',
    sort: Object.entries<-1>(API_KEY_LIST_SORT),
    index: API_KEY_LIST_SORT,
    examples: [{ filter: {}, sort: API_KEY_LIST_SORT }],
  },
];
