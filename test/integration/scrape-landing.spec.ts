import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { TransactionRunner } from '@scout/database';
import { CompaniesService, ProfileQueries, ProfileScrapeLanding } from '@scout/profiles';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(60_000);

/** The driver's own traffic (server monitoring, sessions), not a command Scout sends. */
const MONITORING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'buildInfo', 'endSessions']);

describe('landing scraped profiles', () => {
  let api: ApiHarness;
  const sent: string[] = [];

  beforeAll(async () => {
    // Command monitoring is on whenever a slow-command threshold is set; nothing is that slow.
    api = await startApiHarness({ SLOW_MONGO_COMMAND_MS: '600000' });
    const client = api.app.get<Connection>(getConnectionToken()).getClient();
    client.on('commandStarted', (event: mongo.CommandStartedEvent) => {
      if (MONITORING.has(event.commandName)) return;
      const target: unknown = event.command[event.commandName];
      sent.push(`${event.commandName} ${typeof target === 'string' ? target : ''}`.trim());
    });
  });

  afterAll(async () => {
    await api.close();
  });

  it('two scrapes that introduce the same new companies at once both land', async () => {
    const profiles = api.app.get(ProfileScrapeLanding);
    for (let round = 0; round < 15; round++) {
      const companies = Array.from({ length: 4 }, (_, i) => ({
        publicId: uniquePublicId('newco'),
        name: `New Co ${round}-${i}`,
      }));
      const land = (publicId: string) =>
        profiles.applyScrape({
          profile: {
            publicId,
            fullName: 'Scraped Person',
            currentCompany: companies[0].publicId,
            experiences: companies.map((c) => ({ title: 'Engineer', company: c.publicId })),
          },
          companies,
          pageHash: 'hash',
          jobId: publicId,
        });
      const results = await Promise.all([land(uniquePublicId('a')), land(uniquePublicId('b'))]);
      expect(results.every((r) => r.changed)).toBe(true);
    }
  });

  it('lands a new profile of known companies in six commands, its scrape state with its content', async () => {
    const landing = api.app.get(ProfileScrapeLanding);
    const companies = await Promise.all(
      ['Acme', 'Globex'].map((name) =>
        api.app.get(CompaniesService).create({ publicId: uniquePublicId('co'), name }),
      ),
    );
    const page = (publicId: string, jobId: string) => ({
      profile: {
        publicId,
        fullName: 'Counted Person',
        currentCompany: companies[0].publicId,
        experiences: companies.map((c) => ({ title: 'Engineer', company: c.publicId })),
      },
      companies: companies.map(({ publicId, name }) => ({ publicId, name })),
      pageHash: `page-of-${jobId}`,
      jobId,
    });
    // A first landing settles what the process caches (server capabilities, event sequences).
    await landing.applyScrape(page(uniquePublicId('warm'), '6752f2b4c3b4d5e6f7a8c0e0'));

    const publicId = uniquePublicId('counted');
    sent.length = 0;
    const result = await landing.applyScrape(page(publicId, '6752f2b4c3b4d5e6f7a8c0e1'));
    const commands = [...sent];

    expect(result.changed).toBe(true);
    if (await api.app.get(TransactionRunner).supportsTransactions()) {
      expect(commands).toHaveLength(6);
    } else {
      expect(commands).toEqual([
        'find suppressions',
        'find companies',
        'find profiles',
        'insert events',
        'insert profiles',
        'update events',
      ]);
    }
    const stored = await api.app.get(ProfileQueries).get(publicId);
    expect(stored).toMatchObject({
      fullName: 'Counted Person',
      currentCompany: { id: companies[0].id },
      scrape: {
        status: 'succeeded',
        lastJobId: '6752f2b4c3b4d5e6f7a8c0e1',
      },
      version: 1,
    });
    expect(stored.scrape.lastScrapedAt).toEqual(expect.any(String));

    // The same job again: only the scrape bookkeeping is written, alone, and nothing else moves.
    sent.length = 0;
    const again = await landing.applyScrape(page(publicId, '6752f2b4c3b4d5e6f7a8c0e1'));
    expect(again).toEqual({ profileId: result.profileId, changed: false });
    expect(sent.filter((c) => c.endsWith(' profiles') && !c.startsWith('find'))).toEqual([
      'update profiles',
    ]);
    const after = await api.app.get(ProfileQueries).get(publicId);
    expect(after.version).toBe(1);
    expect(after.updatedAt).toBe(stored.updatedAt);
  });
});
