import { Types } from 'mongoose';
import type { QueryShape, ServedPath } from '@scout/database';
import type { ScrapeJobStatus } from '../scraping.constants';
import {
  claimFilter,
  SCRAPE_JOB_LIST_SORT,
  SCRAPE_JOB_REPLAY_SORT,
  scrapeJobListFilter,
  scrapeJobReplayFilter,
} from './scrape-job.queries';

const JOB = new Types.ObjectId('6752f2b4c3b4d5e6f7a8c0d1');
const HOUR_AGO = new Date('2026-12-06T11:00:00Z');
const CURSOR = [HOUR_AGO.getTime(), JOB.toHexString()];

const LIST_FILTERS: Array<{
  name: string;
  status?: ScrapeJobStatus | readonly ScrapeJobStatus[];
  path: Pick<QueryShape, 'equality' | 'index'>;
}> = [
  { name: 'all', path: { index: SCRAPE_JOB_LIST_SORT } },
  {
    name: 'inStatus',
    status: 'failed',
    path: { equality: ['status'], index: { status: 1, ...SCRAPE_JOB_LIST_SORT } },
  },
  // The sweeper's walk over active jobs.
  {
    name: 'active',
    status: ['queued', 'running'],
    path: { equality: ['status'], index: { status: 1, ...SCRAPE_JOB_LIST_SORT } },
  },
];

const PERSON_BRANCHES: readonly ServedPath[] = [
  { equality: ['target.publicId'], index: { 'target.publicId': 1, createdAt: -1, _id: -1 } },
  { equality: ['result.profileId'], index: { 'result.profileId': 1 } },
  { equality: ['_id'], index: { _id: 1 } },
];
const PERSON_FILTER = {
  $or: [
    { 'target.publicId': 'ada-lovelace' },
    { 'result.profileId': JOB.toHexString() },
    { _id: { $in: [JOB] } },
  ],
};

/**
 * Every query sent to `scrape_jobs`, by shape: ScrapeJobRepository's, and the personal-data
 * lookup of libs/privacy (a person's jobs, to export or erase them).
 */
export const SCRAPE_JOB_QUERY_SHAPES: readonly QueryShape[] = [
  // A person's jobs (@scout/privacy): by the target's publicId, the profile a job landed, or
  // the job ids found before; counted and deleted for an erasure, newest first for an export.
  {
    name: 'scrape_jobs.ofPerson',
    collection: 'scrape_jobs',
    anyOf: PERSON_BRANCHES,
    examples: [{ filter: PERSON_FILTER }],
  },
  {
    name: 'scrape_jobs.ofPersonNewestFirst',
    collection: 'scrape_jobs',
    anyOf: PERSON_BRANCHES,
    sort: [
      ['createdAt', -1],
      ['_id', -1],
    ],
    sortInMemory:
      'a union of lookups: each branch is served by its index, and the few jobs of one person ' +
      'are sorted after the union',
    examples: [{ filter: PERSON_FILTER, sort: { createdAt: -1, _id: -1 }, limit: 100 }],
  },
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
    // Ending a run also checks the job is still at that run's transition.
    residual: ['transitions'],
    examples: [
      { filter: { _id: JOB, status: 'running' } },
      { filter: { _id: JOB, status: 'running', transitions: { $size: 2 } } },
    ],
  },
  // A run's claim: queued, or running under a lapsed lease.
  {
    name: 'scrape_jobs.claimable',
    collection: 'scrape_jobs',
    equality: ['_id'],
    index: { _id: 1 },
    residual: ['status', 'leaseUntil'],
    examples: [{ filter: claimFilter(JOB, HOUR_AGO) }],
  },
  {
    name: 'scrape_jobs.activeForTarget',
    collection: 'scrape_jobs',
    equality: ['activeKey'],
    index: { activeKey: 1 },
    examples: [{ filter: { activeKey: 'jane-doe-4821' } }],
  },
  {
    name: 'scrape_jobs.replayable',
    collection: 'scrape_jobs',
    equality: ['status'],
    sort: Object.entries<1>(SCRAPE_JOB_REPLAY_SORT),
    range: ['createdAt'],
    residual: ['error.code', 'deadReason'],
    index: { status: 1, ...SCRAPE_JOB_LIST_SORT },
    examples: [
      {
        filter: scrapeJobReplayFilter({ status: 'dead' }),
        sort: SCRAPE_JOB_REPLAY_SORT,
        limit: 100,
      },
      {
        filter: scrapeJobReplayFilter({
          status: 'dead',
          code: 'HOST_UNAVAILABLE',
          deadReason: 'deferral-limit',
          createdAfter: HOUR_AGO,
          createdBefore: new Date('2026-12-06T12:00:00Z'),
        }),
        sort: SCRAPE_JOB_REPLAY_SORT,
        limit: 1000,
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
  // The retention sweep of @scout/privacy: finished jobs and old records, by batches of `_id`.
  {
    name: 'scrape_jobs.finishedBefore',
    collection: 'scrape_jobs',
    equality: ['status'],
    range: ['createdAt'],
    index: { status: 1, createdAt: -1, _id: -1 },
    examples: [
      {
        filter: {
          status: { $in: ['succeeded', 'failed', 'cancelled', 'dead'] },
          createdAt: { $lt: HOUR_AGO },
        },
        limit: 500,
      },
    ],
  },
  {
    name: 'idempotency_records.createdBefore',
    collection: 'idempotency_records',
    range: ['createdAt'],
    index: { createdAt: 1 },
    examples: [{ filter: { createdAt: { $lt: HOUR_AGO } }, limit: 500 }],
  },
];
