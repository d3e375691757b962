import { Types } from 'mongoose';
import type { QueryShape } from '@scout/database';
import type { ScrapeJobStatus } from '../scraping.constants';
import { SCRAPE_JOB_LIST_SORT, scrapeJobListFilter } from './scrape-job.repository';

const JOB = new Types.ObjectId('6752f2b4c3b4d5e6f7a8c0d1');
const HOUR_AGO = new Date('2026-12-06T11:00:00Z');
const CURSOR = [HOUR_AGO.getTime(), JOB.toHexString()];

const LIST_FILTERS: Array<{
  name: string;
  status?: ScrapeJobStatus;
  path: Pick<QueryShape, 'equality' | 'index'>;
}> = [
  { name: 'all', path: { index: SCRAPE_JOB_LIST_SORT } },
  {
    name: 'inStatus',
    status: 'failed',
    path: { equality: ['status'], index: { status: 1, ...SCRAPE_JOB_LIST_SORT } },
  },
];

/** Every query ScrapeJobRepository sends, by shape. */
export const SCRAPE_JOB_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'scrape_jobs.byId',
    collection: 'scrape_jobs',
    equality: ['_id'],
    index: { _id: 1 },
    examples: [{ filter: { _id: JOB } }],
  },
  {
    name: 'scrape_jobs.byIdInStatus',
    collection: 'scrape_jobs',
    equality: ['_id', 'status'],
    index: { _id: 1 },
    examples: [{ filter: { _id: JOB, status: 'running' } }],
  },
  {
    name: 'scrape_jobs.activeForTarget',
    collection: 'scrape_jobs',
    equality: ['activeKey'],
    index: { activeKey: 1 },
    examples: [{ filter: { activeKey: 'jane-doe-4821' } }],
  },
  {
    name: 'scrape_jobs.queuedBefore',
    collection: 'scrape_jobs',
    equality: ['status'],
    sort: [['createdAt', 1]],
    range: ['createdAt'],
    index: { status: 1, createdAt: -1, _id: -1 },
    examples: [
      {
        filter: { status: 'queued', createdAt: { $lt: HOUR_AGO } },
        sort: { createdAt: 1 },
        limit: 500,
      },
    ],
  },
  ...LIST_FILTERS.map(({ name, status, path }) => ({
    name: `scrape_jobs.list.${name}`,
    collection: 'scrape_jobs',
    ...path,
    sort: Object.entries<-1>(SCRAPE_JOB_LIST_SORT),
    range: ['createdAt', '_id'],
    examples: [undefined, CURSOR].map((after) => ({
      filter: scrapeJobListFilter(status, after),
      sort: SCRAPE_JOB_LIST_SORT,
      limit: 21,
    })),
  })),
  {
    name: 'idempotency_records.byKey',
    collection: 'idempotency_records',
    equality: ['key'],
    index: { key: 1 },
    examples: [{ filter: { key: '3f0c9a4e-1b7d-4c52-9e8a-5d2f6b7c8a91' } }],
  },
];
