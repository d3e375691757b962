import mongoose, { type Connection, Types } from 'mongoose';
import { AUTH_MODELS, API_KEY_QUERY_SHAPES } from '@scout/auth';
import type { QueryExample, QueryShape } from '@scout/database';
import { EVENT_MODELS, EVENT_QUERY_SHAPES } from '@scout/events';
import { COMPANY_QUERY_SHAPES, PROFILE_MODELS, PROFILE_QUERY_SHAPES } from '@scout/profiles';
import {
  ERASURE_REQUEST_QUERY_SHAPES,
  PRIVACY_MODELS,
  SUPPRESSION_QUERY_SHAPES,
} from '@scout/privacy';
import { SCRAPE_JOB_QUERY_SHAPES, SCRAPING_MODELS } from '@scout/scraping';
import { uniqueDbName } from '../support/test-env';

jest.setTimeout(120_000);

const SHAPES: QueryShape[] = [
  ...PROFILE_QUERY_SHAPES,
  ...COMPANY_QUERY_SHAPES,
  ...SCRAPE_JOB_QUERY_SHAPES,
  ...API_KEY_QUERY_SHAPES,
  ...EVENT_QUERY_SHAPES,
  ...SUPPRESSION_QUERY_SHAPES,
  ...ERASURE_REQUEST_QUERY_SHAPES,
];
const MODELS = [
  ...PROFILE_MODELS,
  ...SCRAPING_MODELS,
  ...AUTH_MODELS,
  ...EVENT_MODELS,
  ...PRIVACY_MODELS,
];

/** Stages that read an index rather than the collection. */
const INDEX_STAGES = new Set(['IXSCAN', 'EXPRESS_IXSCAN', 'IDHACK', 'COUNT_SCAN', 'DISTINCT_SCAN']);
const SEED = { companies: 60, profiles: 3_000, jobs: 1_500, keys: 12 };
const COUNTRIES = ['DE', 'US', 'GB', 'FR', 'IN', 'BR', 'JP', 'NL'];
const SKILLS = ['typescript', 'go', 'python', 'sql', 'kubernetes', 'react', 'rust', 'java'];
const FIRST = ['jane', 'max', 'li', 'amara', 'noah', 'sofia', 'yuki', 'omar', 'elena', 'ravi'];
const LAST = ['doe', 'mustermann', 'wei', 'okafor', 'berg', 'rossi', 'tanaka', 'haddad'];
const TITLES = ['engineer', 'designer', 'manager', 'analyst', 'founder', 'researcher'];
const JOB_STATUSES = ['succeeded', 'succeeded', 'succeeded', 'failed', 'queued', 'running'];
const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-06T12:00:00Z').getTime();

/** Stage names of the winning plan, whatever the engine (classic, SBE) or topology. */
function planStages(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) planStages(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'stage' && typeof value === 'string') into.push(value);
      else if (key !== 'slotBasedPlan') planStages(value, into);
    }
  }
  return into;
}

/** Documents shaped like Scout's, with spread-out values, so the planner chooses as it would. */
async function seed(connection: Connection): Promise<void> {
  const db = connection.db!;
  const companies = Array.from({ length: SEED.companies }, (_, i) => ({
    _id: new Types.ObjectId(),
    publicId: `company-${i}`,
    name: `Company ${String(i).padStart(3, '0')}`,
    version: 1,
    createdAt: new Date(NOW - i * DAY_MS),
    updatedAt: new Date(NOW - i * DAY_MS),
  }));
  await db.collection('companies').insertMany(companies);
  const profiles = Array.from({ length: SEED.profiles }, (_, i) => {
    const [first, last] = [FIRST[i % FIRST.length], LAST[(i * 7) % LAST.length]];
    const title = TITLES[i % TITLES.length];
    const company = companies[i % companies.length]._id;
    const updatedAt = new Date(NOW - (i % 400) * DAY_MS - i * 1_000);
    return {
      publicId: `${first}-${last}-${i}`,
      fullName: `${first} ${last}`,
      headline: `${title} at Company ${i % companies.length}`,
      location: { country: COUNTRIES[i % COUNTRIES.length] },
      currentCompany: company,
      experiences: [{ title, company: companies[(i + 1) % companies.length]._id }],
      skills: [SKILLS[i % SKILLS.length], SKILLS[(i * 3 + 1) % SKILLS.length]],
      searchTerms: [first, last, title],
      scrape: { status: i % 10 === 0 ? 'queued' : 'succeeded', lastScrapedAt: updatedAt },
      source: 'scrape',
      contentHash: `h${i}`,
      version: 1,
      createdAt: updatedAt,
      updatedAt,
    };
  });
  await db.collection('profiles').insertMany(profiles);
  const jobs = Array.from({ length: SEED.jobs }, (_, i) => {
    const id = new Types.ObjectId();
    const status = JOB_STATUSES[i % JOB_STATUSES.length];
    const active = status === 'queued' || status === 'running';
    return {
      _id: id,
      target: { publicId: profiles[i].publicId, url: `https://profiles.example/in/${i}` },
      activeKey: active ? profiles[i].publicId : id.toHexString(),
      status,
      priority: 'normal',
      attempts: 1,
      transitions: [],
      createdAt: new Date(NOW - i * 60_000),
      updatedAt: new Date(NOW - i * 60_000),
    };
  });
  await db.collection('scrape_jobs').insertMany(jobs);
  await db
    .collection('idempotency_records')
    .insertMany(jobs.slice(0, 200).map((job, i) => ({ key: `key-${i}`, scrapeJobId: job._id })));
  await db.collection('api_keys').insertMany(
    Array.from({ length: SEED.keys }, (_, i) => ({
      name: `service ${i}`,
      prefix: `prefix${String(i).padStart(2, '0')}`,
      hash: `hash${i}`,
      scopes: ['profiles:read'],
      createdAt: new Date(NOW - i * DAY_MS),
      updatedAt: new Date(NOW - i * DAY_MS),
    })),
  );
}

/** What is wrong with how the server runs one example of a shape; empty when all is well. */
async function planProblems(
  connection: Connection,
  shape: QueryShape,
  example: QueryExample,
): Promise<string[]> {
  const label = `${shape.name} ${JSON.stringify(example.filter)} (declared index ${JSON.stringify(shape.index ?? shape.anyOf?.map((path) => path.index))})`;
  const cursor = () =>
    connection.db!.collection(shape.collection).find(example.filter, {
      sort: example.sort,
      limit: example.limit,
    });
  try {
    const explain = await cursor().explain('queryPlanner');
    const stages = planStages(explain.queryPlanner?.winningPlan);
    // With notablescan on, a query that needs a collection scan fails here instead.
    await cursor().toArray();
    const problems: string[] = [];
    if (!stages.some((stage) => INDEX_STAGES.has(stage)) || stages.includes('COLLSCAN')) {
      problems.push(`${label}: no index scan (${stages.join(' < ')})`);
    }
    if (shape.sort && !shape.sortInMemory && stages.includes('SORT')) {
      problems.push(`${label}: sorts in memory (${stages.join(' < ')})`);
    }
    return problems;
  } catch (error) {
    return [`${label}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Runs `work` with the server refusing collection scans. The parameter is server-wide and other
 * suites share the server, so it is on only for as long as `work` runs.
 */
async function withNotablescan(connection: Connection, work: () => Promise<void>): Promise<void> {
  const admin = connection.db!.admin();
  const before = await admin.command({ getParameter: 1, notablescan: 1 });
  await admin.command({ setParameter: 1, notablescan: true });
  try {
    await work();
  } finally {
    await admin.command({ setParameter: 1, notablescan: before.notablescan === true });
  }
}

describe('every declared query shape on MongoDB', () => {
  let connection: Connection;
  let skipReason: string | undefined;

  beforeAll(async () => {
    const base = process.env.SCOUT_TEST_MONGODB_URI;
    if (!base) throw new Error('SCOUT_TEST_MONGODB_URI is not set: run through jest');
    connection = await mongoose
      .createConnection(`${base}/${uniqueDbName('scout_shapes')}`, {
        serverSelectionTimeoutMS: 10_000,
      })
      .asPromise();
    const build = await connection.db!.admin().command({ buildInfo: 1 });
    if (typeof build.ferretdbVersion === 'string') {
      skipReason =
        `the test server is FerretDB ${build.ferretdbVersion}, which has no notablescan and ` +
        'plans no index scans; point MONGODB_URI at MongoDB to run it';
      return;
    }
    for (const { name, schema } of MODELS) await connection.model(name, schema).createIndexes();
    await seed(connection);
  });

  afterAll(async () => {
    if (!skipReason) await connection.db!.dropDatabase();
    await connection.close();
  });

  it('is answered through an index, with notablescan on and sorts read from the index', async () => {
    if (skipReason) {
      process.stdout.write(`query shapes: IXSCAN check skipped: ${skipReason}\n`);
      return;
    }
    const problems: string[] = [];
    let checked = 0;
    await withNotablescan(connection, async () => {
      for (const shape of SHAPES) {
        for (const example of shape.examples) {
          problems.push(...(await planProblems(connection, shape, example)));
          checked++;
        }
      }
    });
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(SHAPES.length);
  });

  it('notablescan makes a query that no index serves fail, so the check above can fail', async () => {
    if (skipReason) return;
    await withNotablescan(connection, async () => {
      const byHeadline = connection.db!.collection('profiles').find({ headline: 'engineer' });
      await expect(byHeadline.toArray()).rejects.toThrow(/query solutions/i);
    });
  });
});
