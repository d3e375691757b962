import { ProfileScrapeLanding } from '@scout/profiles';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { uniquePublicId } from '../support/factories';

jest.setTimeout(60_000);

describe('landing scraped profiles', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApiHarness();
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
});
