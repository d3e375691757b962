import { Types } from 'mongoose';
import type { CursorPosition } from '@scout/common';
import type { IndexKey, QueryExample, QueryShape, SortKey } from '@scout/database';
import { afterPosition, type SortSpec, sortDocument } from './list-page';
import { type ProfileFilter, profileListFilter } from './profile-filter';

const JANE = new Types.ObjectId('6752f1a0c3b4d5e6f7a8b9c0');
const ACME = new Types.ObjectId('6752f19fc3b4d5e6f7a8b001');
const GLOBEX = new Types.ObjectId('6752f19fc3b4d5e6f7a8b002');
const MONTH_AGO = new Date('2026-11-06T00:00:00Z');
/** Where a second page starts: the sort value and `_id` of the last item of the first. */
const CURSOR: Record<'updatedAt' | 'fullName' | 'name', CursorPosition> = {
  updatedAt: [MONTH_AGO.getTime(), JANE.toHexString()],
  fullName: ['Jane Doe', JANE.toHexString()],
  name: ['Acme Corp', ACME.toHexString()],
};

const BY_UPDATED: SortSpec = { field: 'updatedAt', direction: -1, kind: 'date' };
const BY_FULL_NAME: SortSpec = { field: 'fullName', direction: 1, kind: 'string' };
const BY_COMPANY_NAME: SortSpec = { field: 'name', direction: 1, kind: 'string' };

function sortKeys(sort: SortSpec): SortKey[] {
  return Object.entries(sortDocument(sort));
}

/** A list page as the repository asks for it: first page and the page after a cursor. */
function listExamples(filter: ProfileFilter, sort: SortSpec): QueryExample[] {
  const after = sort === BY_UPDATED ? CURSOR.updatedAt : CURSOR.fullName;
  return [undefined, after].map((cursor) => ({
    filter: profileListFilter(filter, sort, cursor),
    sort: sortDocument(sort),
    limit: 21,
  }));
}

/**
 * A cursor bounds the sort keys: where the index holds them in order they are ranges it serves,
 * where the page is sorted in memory they are checked on the documents the range found.
 */
function cursorBounds(path: Partial<QueryShape>, sort: SortSpec): Partial<QueryShape> {
  const keys = sortKeys(sort).map(([field]) => field);
  return path.sortInMemory ? { residual: keys } : { range: [...(path.range ?? []), ...keys] };
}

/**
 * The profile list's shapes: each filter alone, under each sort. Filters given together add
 * residual conditions to whichever of these the planner picks, so each combination is served too.
 */
function profileListShapes(): QueryShape[] {
  const byUpdated = { updatedAt: -1, _id: -1 } as const;
  const byFullName = { fullName: 1, _id: 1 } as const;
  const filters: Array<{
    name: string;
    filter: ProfileFilter;
    path: Partial<QueryShape>;
    index: Record<'byUpdated' | 'byFullName', IndexKey>;
  }> = [
    {
      name: 'all',
      filter: {},
      path: {},
      index: { byUpdated, byFullName: { ...byFullName, updatedAt: -1 } },
    },
    {
      name: 'company',
      filter: { companyId: ACME.toHexString() },
      path: { equality: ['currentCompany'] },
      index: {
        byUpdated: { currentCompany: 1, ...byUpdated },
        byFullName: { currentCompany: 1, ...byFullName },
      },
    },
    {
      name: 'skill',
      filter: { skill: 'typescript' },
      path: { equality: ['skills'] },
      index: { byUpdated: { skills: 1, ...byUpdated }, byFullName: { skills: 1, ...byFullName } },
    },
    {
      name: 'country',
      filter: { country: 'DE' },
      path: { equality: ['location.country'] },
      index: {
        byUpdated: { 'location.country': 1, ...byUpdated },
        byFullName: { 'location.country': 1, ...byFullName },
      },
    },
    {
      name: 'updatedSince',
      filter: { updatedSince: MONTH_AGO },
      path: { range: ['updatedAt'] },
      index: { byUpdated, byFullName: { ...byFullName, updatedAt: -1 } },
    },
    {
      name: 'search',
      filter: { tokens: ['jan', 'engineer'] },
      path: {
        range: ['searchTerms'],
        sortInMemory:
          'a name or headline prefix matches few profiles: seeking them and sorting the page ' +
          'in memory reads far less than walking every search term in sort order',
      },
      index: {
        byUpdated: { searchTerms: 1, ...byUpdated },
        byFullName: { searchTerms: 1, ...byUpdated },
      },
    },
  ];
  const sorts = [
    { name: 'byUpdated', sort: BY_UPDATED },
    { name: 'byFullName', sort: BY_FULL_NAME },
  ] as const;
  return filters.flatMap(({ name, filter, path, index }) =>
    sorts.map(({ name: sortName, sort }) => ({
      name: `profiles.list.${name}.${sortName}`,
      collection: 'profiles',
      ...path,
      sort: sortKeys(sort),
      ...cursorBounds(path, sort),
      index: index[sortName],
      examples: listExamples(filter, sort),
    })),
  );
}

/** Every query ProfileRepository sends, by shape. */
export const PROFILE_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'profiles.byId',
    collection: 'profiles',
    equality: ['_id'],
    index: { _id: 1 },
    examples: [{ filter: { _id: JANE } }],
  },
  {
    name: 'profiles.byIdAtVersion',
    collection: 'profiles',
    equality: ['_id', 'version'],
    index: { _id: 1 },
    examples: [{ filter: { _id: JANE, version: 3 } }],
  },
  {
    name: 'profiles.byPublicId',
    collection: 'profiles',
    equality: ['publicId'],
    index: { publicId: 1 },
    examples: [{ filter: { publicId: 'jane-doe-4821' } }],
  },
  {
    name: 'profiles.byPublicIds',
    collection: 'profiles',
    equality: ['publicId'],
    index: { publicId: 1 },
    examples: [{ filter: { publicId: { $in: ['jane-doe-4821', 'max-mustermann', 'li-wei-07'] } } }],
  },
  {
    name: 'profiles.staleScrapes',
    collection: 'profiles',
    sort: [['scrape.lastScrapedAt', 1]],
    range: ['scrape.lastScrapedAt'],
    residual: ['scrape.status'],
    index: { 'scrape.lastScrapedAt': 1 },
    examples: [
      {
        filter: {
          'scrape.lastScrapedAt': { $lt: MONTH_AGO },
          'scrape.status': { $nin: ['queued', 'running'] },
        },
        sort: { 'scrape.lastScrapedAt': 1 },
        limit: 500,
      },
    ],
  },
  {
    name: 'profiles.referencingCompany',
    collection: 'profiles',
    anyOf: [
      { equality: ['currentCompany'], index: { currentCompany: 1, updatedAt: -1, _id: -1 } },
      { equality: ['experiences.company'], index: { 'experiences.company': 1 } },
    ],
    examples: [{ filter: { $or: [{ currentCompany: ACME }, { 'experiences.company': ACME }] } }],
  },
  {
    name: 'profiles.recentlyUpdated',
    collection: 'profiles',
    sort: [
      ['updatedAt', -1],
      ['_id', -1],
    ],
    index: { updatedAt: -1, _id: -1 },
    examples: [{ filter: {}, sort: { updatedAt: -1, _id: -1 }, limit: 200 }],
  },
  ...profileListShapes(),
];

/** Every query CompanyRepository sends, by shape. */
export const COMPANY_QUERY_SHAPES: readonly QueryShape[] = [
  {
    name: 'companies.byId',
    collection: 'companies',
    equality: ['_id'],
    index: { _id: 1 },
    examples: [{ filter: { _id: ACME } }, { filter: { _id: { $in: [ACME, GLOBEX] } } }],
  },
  {
    name: 'companies.byIdAtVersion',
    collection: 'companies',
    equality: ['_id', 'version'],
    index: { _id: 1 },
    examples: [{ filter: { _id: ACME, version: 2 } }],
  },
  {
    name: 'companies.byPublicId',
    collection: 'companies',
    equality: ['publicId'],
    index: { publicId: 1 },
    examples: [
      { filter: { publicId: 'acme-corp' } },
      { filter: { publicId: { $in: ['acme-corp', 'globex', 'initech'] } } },
    ],
  },
  {
    name: 'companies.byRef',
    collection: 'companies',
    anyOf: [
      { equality: ['_id'], index: { _id: 1 } },
      { equality: ['publicId'], index: { publicId: 1 } },
    ],
    examples: [{ filter: { $or: [{ _id: { $in: [ACME] } }, { publicId: { $in: ['globex'] } }] } }],
  },
  ...[
    { name: 'byUpdated', sort: BY_UPDATED, cursor: CURSOR.updatedAt },
    { name: 'byName', sort: BY_COMPANY_NAME, cursor: CURSOR.name },
  ].map(({ name, sort, cursor }) => ({
    name: `companies.list.${name}`,
    collection: 'companies',
    sort: sortKeys(sort),
    index: sortDocument(sort),
    range: sortKeys(sort).map(([field]) => field),
    examples: [{}, afterPosition(sort, cursor)].map((filter) => ({
      filter,
      sort: sortDocument(sort),
      limit: 21,
    })),
  })),
];
