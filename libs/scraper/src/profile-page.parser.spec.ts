import { RULES, type ScrapeTarget, SIZE_RANGES } from '@scout/profiles';
import {
  FAKE_SITE_PUBLIC_ID,
  generateProfile,
  renderAuthwallPage,
  renderErrorPage,
  renderMalformedPage,
  renderNotFoundPage,
  renderProfilePage,
} from '../../../test/fixtures/fake-site';
import { parseProfilePage } from './profile-page.parser';
import type { ScrapedCompany, ScrapedProfile } from './profile-source';
import { FailureKind, ScrapeError } from './scrape-error';

const ORIGIN = 'http://127.0.0.1:4010';
const target = (publicId: string): ScrapeTarget => ({
  publicId,
  url: `${ORIGIN}/in/${publicId}`,
});

const IDS = [
  'ada-lovelace',
  'grace-hopper',
  'alan-turing',
  'x9z',
  'user-12345',
  'flaky-007',
  'a-very-long-public-id-with-many-parts-0123456789',
  ...Array.from({ length: 25 }, (_, index) => `seed-${index}-profile`),
];

function kindOf(run: () => unknown): FailureKind | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScrapeError);
    return (error as ScrapeError).kind;
  }
  return undefined;
}

/** A page with the given JSON-LD scripts and body. */
function page(scripts: unknown[], body = '', title = 'Profile'): string {
  const tags = scripts
    .map((data) => {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return `<script type="application/ld+json">${text}</script>`;
    })
    .join('\n');
  return `<!DOCTYPE html><html><head><title>${title}</title>${tags}</head><body>${body}</body></html>`;
}

function expectWithinRules(profile: ScrapedProfile): void {
  expect(profile.publicId).toMatch(RULES.publicId);
  expect(profile.fullName.length).toBeGreaterThanOrEqual(RULES.fullName.min);
  expect(profile.fullName.length).toBeLessThanOrEqual(RULES.fullName.max);
  expect((profile.headline ?? '').length).toBeLessThanOrEqual(RULES.headline.max);
  expect((profile.summary ?? '').length).toBeLessThanOrEqual(RULES.summary.max);
  if (profile.location?.country) expect(profile.location.country).toMatch(RULES.country);
  expect(profile.skills.length).toBeLessThanOrEqual(RULES.skills.maxItems);
  for (const skill of profile.skills) expect(skill.length).toBeLessThanOrEqual(80);
  const companies: ScrapedCompany[] = [];
  if (profile.currentCompany) companies.push(profile.currentCompany);
  for (const experience of profile.experiences) {
    if (experience.startDate) expect(experience.startDate).toMatch(RULES.yearMonth);
    if (experience.endDate) expect(experience.endDate).toMatch(RULES.yearMonth);
    if (experience.company) companies.push(experience.company);
  }
  for (const company of companies) {
    expect(company.publicId).toMatch(RULES.publicId);
    if (company.sizeRange) expect(SIZE_RANGES).toContain(company.sizeRange);
  }
  for (const school of profile.education) {
    for (const year of [school.startYear, school.endYear]) {
      if (year !== undefined) expect(year >= 1900 && year <= 2100).toBe(true);
    }
  }
}

describe('the fake site renderer', () => {
  it('is deterministic and uses the publicId rule of the domain', () => {
    expect(renderProfilePage('ada-lovelace', ORIGIN)).toBe(
      renderProfilePage('ada-lovelace', ORIGIN),
    );
    expect(generateProfile('user-42')).toEqual(generateProfile('user-42'));
    expect(renderProfilePage('user-42', ORIGIN)).not.toBe(renderProfilePage('user-43', ORIGIN));
    expect(FAKE_SITE_PUBLIC_ID.source).toBe(RULES.publicId.source);
  });

  it('makes realistic people: 1-4 positions, one current, 1-2 schools, 3-10 skills', () => {
    for (const id of IDS) {
      const person = generateProfile(id);
      expect(person.positions.length).toBeGreaterThanOrEqual(1);
      expect(person.positions.length).toBeLessThanOrEqual(4);
      expect(person.positions.filter((position) => !position.endDate)).toHaveLength(1);
      expect(person.education.length).toBeGreaterThanOrEqual(1);
      expect(person.education.length).toBeLessThanOrEqual(2);
      expect(person.skills.length).toBeGreaterThanOrEqual(3);
      expect(person.skills.length).toBeLessThanOrEqual(10);
    }
    expect(generateProfile('ada-lovelace').fullName).toBe('Ada Lovelace');
  });

  it('serves nojsonld- ids as the same person without JSON-LD', () => {
    const html = renderProfilePage('nojsonld-ada-lovelace', ORIGIN);
    expect(html).not.toContain('application/ld+json');
    const plain = parseProfilePage(
      renderProfilePage('ada-lovelace', ORIGIN),
      target('ada-lovelace'),
    );
    const variant = parseProfilePage(html, target('nojsonld-ada-lovelace'));
    const strip = ({ publicId: _p, url: _u, contentHash: _h, ...rest }: ScrapedProfile) => rest;
    expect(strip(variant)).toEqual(strip(plain));
  });
});

describe('parseProfilePage', () => {
  it('reads the JSON-LD Person of a fake site page', () => {
    const person = generateProfile('ada-lovelace');
    const profile = parseProfilePage(
      renderProfilePage('ada-lovelace', ORIGIN),
      target('ada-lovelace'),
    );
    const current = person.positions[0];
    expect(profile).toMatchObject({
      publicId: 'ada-lovelace',
      url: `${ORIGIN}/in/ada-lovelace`,
      fullName: 'Ada Lovelace',
      headline: person.headline,
      summary: person.summary,
      location: person.location,
      currentCompany: {
        publicId: current.company.slug,
        name: current.company.name,
        url: `${ORIGIN}/company/${current.company.slug}`,
        industry: current.company.industry,
        sizeRange: current.company.sizeRange,
        website: current.company.website,
        headquarters: current.company.headquarters,
      },
      skills: person.skills,
    });
    expect(profile.experiences).toHaveLength(person.positions.length);
    expect(profile.experiences[0]).toMatchObject({
      title: current.title,
      companyName: current.company.name,
      startDate: current.startDate,
      location: current.location,
      description: current.description,
    });
    expect(profile.experiences[0].endDate).toBeUndefined();
    expect(profile.education).toEqual(person.education);
  });

  it.each(IDS)('gives the same profile from JSON-LD and from the HTML fallback (%s)', (id) => {
    const fromJsonLd = parseProfilePage(renderProfilePage(id, ORIGIN), target(id));
    const fromHtml = parseProfilePage(renderProfilePage(id, ORIGIN, { jsonLd: false }), target(id));
    expect(fromHtml).toEqual(fromJsonLd);
    expectWithinRules(fromJsonLd);
  });

  it('gives an unchanged page the same hash, and a changed one another', () => {
    const html = renderProfilePage('grace-hopper', ORIGIN);
    const first = parseProfilePage(html, target('grace-hopper'));
    expect(parseProfilePage(html, target('grace-hopper')).contentHash).toBe(first.contentHash);
    // Markup that does not change the content does not change the hash.
    const reformatted = html.replace(/\n\s*/g, '\n').replace('<body>', '<body><!-- build 42 -->');
    expect(parseProfilePage(reformatted, target('grace-hopper')).contentHash).toBe(
      first.contentHash,
    );
    // A changed headline does.
    const person = generateProfile('grace-hopper');
    const edited = html.split(person.headline).join(`${person.headline} (open to work)`);
    expect(parseProfilePage(edited, target('grace-hopper')).contentHash).not.toBe(
      first.contentHash,
    );
    // So does another page.
    const other = parseProfilePage(renderProfilePage('alan-turing', ORIGIN), target('alan-turing'));
    expect(other.contentHash).not.toBe(first.contentHash);
    expect(first.contentHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('turns malformed pages into PARSE_ERROR', () => {
    expect(kindOf(() => parseProfilePage(renderMalformedPage(), target('ada-lovelace')))).toBe(
      FailureKind.ParseError,
    );
    for (const html of ['', 'not html at all', renderNotFoundPage(), renderErrorPage(503)]) {
      expect(kindOf(() => parseProfilePage(html, target('ada-lovelace')))).toBe(
        FailureKind.ParseError,
      );
    }
  });

  it('turns login walls and captchas into BLOCKED', () => {
    expect(
      kindOf(() => parseProfilePage(renderAuthwallPage('ada-lovelace'), target('ada-lovelace'))),
    ).toBe(FailureKind.Blocked);
    const captcha = page([], '<div class="g-recaptcha" data-sitekey="x"></div>', 'Security check');
    expect(kindOf(() => parseProfilePage(captcha, target('ada-lovelace')))).toBe(
      FailureKind.Blocked,
    );
    const challenge = page([], '<form id="challenge-form"></form>', 'Just a moment...');
    expect(kindOf(() => parseProfilePage(challenge, target('ada-lovelace')))).toBe(
      FailureKind.Blocked,
    );
  });

  it('reads other common JSON-LD shapes: @graph, references, member roles, several Persons', () => {
    const html = page([
      { '@context': 'https://schema.org', '@type': 'WebSite', name: 'Site' },
      '{ this is not json',
      {
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'Person', name: 'Someone Else', url: `${ORIGIN}/in/someone-else` },
          {
            '@type': 'Organization',
            '@id': '#acme',
            name: '  Acme   Corporation ',
            url: 'https://acme.example',
            numberOfEmployees: 350,
            address: {
              '@type': 'PostalAddress',
              addressLocality: 'Chicago',
              addressCountry: 'US',
            },
          },
          {
            '@type': ['schema:Person'],
            '@id': `${ORIGIN}/in/ada-lovelace`,
            name: 'Ada Lovelace',
            jobTitle: ['Analyst at Acme'],
            description: 'First programmer.',
            address: 'London, England, gb',
            worksFor: [
              {
                '@id': '#acme',
              },
              {
                '@type': 'Organization',
                name: 'Old Co',
                member: {
                  '@type': 'OrganizationRole',
                  roleName: 'Intern',
                  startDate: '2010-01-15',
                  endDate: '2011',
                },
              },
            ],
            alumniOf: [
              {
                '@type': 'EducationalOrganization',
                name: 'University of London',
                member: { '@type': 'OrganizationRole', startDate: 2005, endDate: '2009-06' },
              },
              'Home School',
              { '@type': 'EducationalOrganization' },
            ],
            knowsAbout: ['Maths', { '@type': 'Thing', name: 'Engines' }, 'maths', '   '],
          },
        ],
      },
    ]);
    const profile = parseProfilePage(html, target('ada-lovelace'));
    expect(profile).toMatchObject({
      fullName: 'Ada Lovelace',
      headline: 'Analyst at Acme',
      summary: 'First programmer.',
      location: { city: 'London', region: 'England', country: 'GB' },
      currentCompany: {
        publicId: 'acme-corporation',
        name: 'Acme Corporation',
        sizeRange: '201-500',
        website: 'https://acme.example',
        headquarters: 'Chicago, US',
      },
      skills: ['Maths', 'Engines'],
      education: [
        { school: 'University of London', startYear: 2005, endYear: 2009 },
        { school: 'Home School' },
      ],
    });
    expect(profile.currentCompany?.url).toBeUndefined();
    expect(profile.experiences).toEqual([
      {
        company: profile.currentCompany,
        companyName: 'Acme Corporation',
      },
      {
        title: 'Intern',
        company: { publicId: 'old-co', name: 'Old Co' },
        companyName: 'Old Co',
        startDate: '2010-01',
        endDate: '2011',
      },
    ]);
  });

  it('reads role-wrapped employers, Occupations and a home location', () => {
    const html = page([
      {
        '@context': 'http://schema.org',
        '@type': 'ProfilePage',
        mainEntity: {
          '@type': 'http://schema.org/Person',
          givenName: 'Grace',
          familyName: 'Hopper',
          homeLocation: {
            '@type': 'Place',
            address: {
              '@type': 'PostalAddress',
              addressLocality: 'Arlington',
              addressCountry: 'us',
            },
          },
          worksFor: {
            '@type': 'EmployeeRole',
            roleName: 'Rear Admiral',
            startDate: '1967-08',
            worksFor: { '@type': 'Organization', name: 'US Navy', numberOfEmployees: '10,001+' },
          },
          hasOccupation: [
            {
              '@type': 'Occupation',
              name: 'Computer Scientist',
              occupationLocation: { '@type': 'City', name: 'Philadelphia, PA' },
              description: 'Line one.\n\n\n\nLine two.',
            },
          ],
        },
      },
    ]);
    const profile = parseProfilePage(html, target('grace-hopper'));
    expect(profile).toMatchObject({
      fullName: 'Grace Hopper',
      location: { city: 'Arlington', country: 'US' },
      currentCompany: { publicId: 'us-navy', name: 'US Navy', sizeRange: '10001+' },
      experiences: [
        {
          title: 'Computer Scientist',
          location: 'Philadelphia, PA',
          description: 'Line one.\n\nLine two.',
        },
      ],
    });
  });

  it('takes identity from the target, and company pages only from the configured site', () => {
    const html = page([
      {
        '@type': 'Person',
        name: 'Ada',
        url: 'https://evil.example/in/someone',
        worksFor: [
          { '@type': 'Organization', name: 'Evil', url: 'https://evil.example/company/evil-inc' },
          { '@type': 'Organization', name: 'Good', url: '/company/good-inc' },
        ],
      },
    ]);
    const profile = parseProfilePage(html, target('ada-lovelace'));
    expect(profile.publicId).toBe('ada-lovelace');
    expect(profile.url).toBe(`${ORIGIN}/in/ada-lovelace`);
    expect(profile.experiences.map((entry) => entry.company)).toEqual([
      { publicId: 'evil', name: 'Evil', website: 'https://evil.example/company/evil-inc' },
      { publicId: 'good-inc', name: 'Good', url: `${ORIGIN}/company/good-inc` },
    ]);
  });

  it('fills what the JSON-LD leaves out from the markup', () => {
    const full = renderProfilePage('ada-lovelace', ORIGIN, { jsonLd: false });
    const minimal = full.replace(
      '</head>',
      `<script type="application/ld+json">${JSON.stringify({
        '@type': 'Person',
        name: 'Ada King',
      })}</script></head>`,
    );
    const profile = parseProfilePage(minimal, target('ada-lovelace'));
    const fromHtml = parseProfilePage(full, target('ada-lovelace'));
    expect(profile.fullName).toBe('Ada King');
    expect(profile.experiences).toEqual(fromHtml.experiences);
    expect(profile.skills).toEqual(fromHtml.skills);
  });

  it('falls back to the markup when every JSON-LD script is broken', () => {
    const html = renderProfilePage('ada-lovelace', ORIGIN).replace(
      /<script type="application\/ld\+json">[\s\S]*?<\/script>/g,
      '<script type="application/ld+json">{"@type": "Person", "name": </script>',
    );
    const profile = parseProfilePage(html, target('ada-lovelace'));
    const expected = parseProfilePage(
      renderProfilePage('ada-lovelace', ORIGIN),
      target('ada-lovelace'),
    );
    expect(profile).toEqual(expected);
  });

  it('keeps values within the rules: lengths, countries, dates, at most 100 unique skills', () => {
    const skills = Array.from({ length: 150 }, (_, index) => `Skill ${index % 120}`);
    const html = page([
      {
        '@type': 'Person',
        name: 'N'.repeat(500),
        disambiguatingDescription: 'H'.repeat(1000),
        description: 'S'.repeat(10_000),
        address: { addressLocality: 'Berlin', addressCountry: 'Germany' },
        hasOccupation: [
          {
            '@type': 'Role',
            roleName: 'T'.repeat(400),
            startDate: 'last year',
            endDate: '2020-14',
          },
        ],
        knowsAbout: [...skills, 'K'.repeat(200)],
      },
    ]);
    const profile = parseProfilePage(html, target('ada-lovelace'));
    expect(profile.fullName).toHaveLength(RULES.fullName.max);
    expect(profile.headline).toHaveLength(RULES.headline.max);
    expect(profile.summary).toHaveLength(RULES.summary.max);
    expect(profile.location).toEqual({ city: 'Berlin' });
    expect(profile.experiences).toEqual([{ title: 'T'.repeat(RULES.shortText.max) }]);
    expect(profile.skills).toHaveLength(RULES.skills.maxItems);
    expect(new Set(profile.skills.map((skill) => skill.toLowerCase())).size).toBe(100);
    expectWithinRules(profile);
  });
});
