import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { API_KEY_QUERY_SHAPES, ApiKeysService } from '@scout/auth';
import {
  IDEMPOTENT_REQUEST_QUERY_SHAPES,
  IdempotencyStore,
  type QueryShape,
} from '@scout/database';
import { EVENT_QUERY_SHAPES, EventLog } from '@scout/events';
import {
  COMPANY_QUERY_SHAPES,
  CompaniesService,
  type CompanyInput,
  PROFILE_QUERY_SHAPES,
  ProfileHistoryService,
  type ProfileInput,
  ProfileBatch,
  ProfileCommands,
  type ProfileListQuery,
  ProfileQueries,
  ProfileScrapeLanding,
} from '@scout/profiles';
import { ExportService, SUPPRESSION_QUERY_SHAPES } from '@scout/privacy';
import { PersonalDataRepository } from '../../libs/privacy/src/repositories/personal-data.repository';
import { SCRAPE_JOB_QUERY_SHAPES, ScrapeJobsService } from '@scout/scraping';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';
import { type CapturedQuery, capturedQueries, shapesOf } from '../support/query-shape-match';

jest.setTimeout(120_000);

const SHAPES: QueryShape[] = [
  ...PROFILE_QUERY_SHAPES,
  ...COMPANY_QUERY_SHAPES,
  ...SCRAPE_JOB_QUERY_SHAPES,
  ...API_KEY_QUERY_SHAPES,
  ...IDEMPOTENT_REQUEST_QUERY_SHAPES,
  ...EVENT_QUERY_SHAPES,
  ...SUPPRESSION_QUERY_SHAPES,
];

function company(name: string): CompanyInput {
  return { publicId: uniquePublicId('company'), name, industry: 'Software' };
}

function person(fullName: string, extra: Partial<ProfileInput> = {}): ProfileInput {
  return {
    publicId: uniquePublicId('person'),
    fullName,
    headline: 'Engineer at a robotics firm',
    location: { city: 'London', country: 'GB' },
    skills: ['Mathematics', 'Go'],
    ...extra,
  };
}

/**
 * Drives every repository method through the services, on whatever server the run has (FerretDB
 * included), and holds each filter the driver actually sent against the declarations: a query
 * changed without its declaration (a new filter field, another sort) fails here, before the
 * MongoDB-only check would have to catch it as a collection scan.
 */
describe('the queries Scout sends', () => {
  let api: ApiHarness;
  const sent: CapturedQuery[] = [];

  beforeAll(async () => {
    // Command monitoring is on whenever a slow-command threshold is set; nothing is that slow.
    api = await startApiHarness({ CACHE_ENABLED: 'false', SLOW_MONGO_COMMAND_MS: '600000' });
    const client = api.app.get<Connection>(getConnectionToken()).getClient();
    client.on('commandStarted', (event: mongo.CommandStartedEvent) => {
      sent.push(...capturedQueries(event.command, event.commandName));
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('are all declared query shapes', async () => {
    const companies = api.app.get(CompaniesService);
    const profiles = api.app.get(ProfileQueries);
    const commands = api.app.get(ProfileCommands);
    const landing = api.app.get(ProfileScrapeLanding);
    const jobs = api.app.get(ScrapeJobsService);
    const keys = api.app.get(ApiKeysService);

    const acme = await companies.create(company('Acme Corp'));
    const globex = await companies.create(company('Globex'));
    await companies.get(acme.id);
    await companies.get(acme.publicId);
    await companies.update(acme.id, { industry: 'Robotics' }, acme.version);
    await companies.update(acme.publicId, { industry: 'Machines' });
    for (const sort of ['-updatedAt', 'name'] as const) {
      const first = await companies.list({ limit: 1, sort });
      await companies.list({ limit: 1, sort, cursor: first.page.nextCursor ?? undefined });
    }

    const jane = await commands.create(
      person('Jane Doe', {
        currentCompany: acme.publicId,
        experiences: [{ title: 'Engineer', company: globex.id, startDate: '2020-01' }],
      }),
      'system',
    );
    await commands.create(person('Max Mustermann'), 'system');
    await profiles.get(jane.id);
    await profiles.get(jane.publicId);
    await commands.update(jane.id, { headline: 'Staff engineer' }, 'system', jane.version);
    await commands.update(jane.publicId, { headline: 'Principal engineer' }, 'system');
    const filters: Array<Partial<ProfileListQuery>> = [
      {},
      { company: acme.publicId },
      { skill: 'mathematics' },
      { country: 'GB' },
      { q: 'jan eng' },
      { updatedSince: new Date(Date.now() - 3_600_000) },
      { company: acme.id, skill: 'mathematics', country: 'GB' },
    ];
    for (const filter of filters) {
      for (const sort of ['-updatedAt', 'fullName'] as const) {
        const first = await profiles.list({ ...filter, sort, limit: 1 });
        const cursor = first.page.nextCursor ?? undefined;
        if (cursor) await profiles.list({ ...filter, sort, limit: 1, cursor });
      }
    }
    await profiles.listForCompany(acme.id, { limit: 5 });
    await api.app.get(ProfileBatch).batchUpsert(
      [
        { index: 0, input: person('Jane Doe', { publicId: jane.publicId, headline: 'Batch' }) },
        { index: 1, input: person('Li Wei', { currentCompany: globex.publicId }) },
      ],
      'system',
    );
    await landing.applyScrape({
      profile: person('Jane Doe', { publicId: jane.publicId, headline: 'Scraped' }),
      companies: [company('Initech')],
      pageHash: 'page-hash-1',
      jobId: '6752f2b4c3b4d5e6f7a8c0d1',
    });
    await landing.recordScrapeFailure(jane.publicId, '6752f2b4c3b4d5e6f7a8c0d2');
    await landing.staleProfiles(0, 10);
    await profiles.warm(5);

    const first = await jobs.request({ profile: jane.publicId, idempotencyKey: 'key-1' });
    await jobs.request({ profile: jane.publicId, idempotencyKey: 'key-1' });
    await jobs.request({ profile: jane.publicId });
    await jobs.requestBatch([uniquePublicId('person'), uniquePublicId('person')]);
    await jobs.get(first.job.id);
    for (const status of [undefined, 'queued'] as const) {
      const page = await jobs.list(status, 1);
      if (page.page.nextCursor) await jobs.list(status, 1, page.page.nextCursor);
    }
    await jobs.cancel(first.job.id);
    // A cancelled job cannot be retried, but the attempt reads it as a retry does.
    await expect(jobs.retry(first.job.id)).rejects.toThrow(/Only failed or dead jobs/);
    await jobs.runMaintenance();
    await jobs.sweep();
    await jobs.replay({ status: 'dead' }, 10);
    await jobs.replay(
      {
        status: 'failed',
        code: 'TRANSIENT',
        deadReason: 'attempts-exhausted',
        createdAfter: new Date(Date.now() - 3_600_000),
        createdBefore: new Date(),
      },
      10,
    );

    const created = await keys.create({ name: 'probe', scopes: ['profiles:read'] });
    await keys.authenticate(created.key);
    await keys.list();
    await keys.revoke(created.apiKey.prefix);
    await keys.revoke(created.apiKey.id);

    const idempotency = api.app.get(IdempotencyStore);
    const times = { ttlMs: 60_000, leaseMs: 60_000 };
    await idempotency.claim('request-1', 'fingerprint', times);
    await idempotency.markUnknown('request-1');
    await idempotency.claim('request-1', 'fingerprint', times);
    await idempotency.complete('request-1', { body: '{}', headers: {} });
    await idempotency.claim('request-2', 'fingerprint', { ttlMs: 1, leaseMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await idempotency.claim('request-2', 'fingerprint', times);
    await idempotency.release('request-2');

    const history = api.app.get(ProfileHistoryService);
    const firstHistory = await history.list(jane.id, 1);
    await history.list(jane.id, 1, firstHistory.page.nextCursor ?? undefined);
    await history.version(jane.id, 2);
    // A writer that dies between its write and the commit: the reconciler resolves its event.
    const log = api.app.get(EventLog);
    await log
      .record({
        events: [
          {
            type: 'profile.updated',
            subject: { kind: 'profile', id: jane.id },
            sequence: 99,
            actor: 'system',
            data: {},
          },
        ],
        write: () => Promise.resolve(null),
        settle: () => {
          throw new Error('died');
        },
      })
      .catch(() => undefined);
    await log.reconcile(new Date(Date.now() + 3_600_000));

    // A person's data export, and the lookups of their erasure (which also visits Redis and
    // scans for stray copies, beyond what this test follows).
    await api.app.get(ExportService).export(jane.publicId);
    const personal = api.app.get(PersonalDataRepository);
    const subject = {
      publicId: jane.publicId,
      profileId: jane.id,
      urls: [],
      scrapeJobIds: [first.job.id],
    };
    await personal.countScrapeJobs(subject);
    await personal.countEvents(subject);

    await commands.delete(jane.id, 'system');
    await companies.delete(globex.id).catch(() => undefined);

    const undeclared = sent
      .filter((query) => shapesOf(query, SHAPES).length === 0)
      .map((query) => `${query.command} ${query.collection} ${JSON.stringify(query)}`);
    expect(undeclared).toEqual([]);
    const used = new Set(sent.flatMap((query) => shapesOf(query, SHAPES)));
    expect(SHAPES.map((shape) => shape.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('a query outside the declarations is caught', () => {
    const byHeadline = { command: 'find', collection: 'profiles', filter: { headline: 'x' } };
    expect(shapesOf(byHeadline, SHAPES)).toEqual([]);
    const otherSort = { ...byHeadline, filter: { skills: 'go' }, sort: { createdAt: -1 } };
    expect(shapesOf(otherSort, SHAPES)).toEqual([]);
    const declared = { ...otherSort, sort: { updatedAt: -1, _id: -1 } };
    expect(shapesOf(declared, SHAPES)).toContain('profiles.list.skill.byUpdated');
  });
});
