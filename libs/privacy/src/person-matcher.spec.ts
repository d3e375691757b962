import { normalizeUrl } from './person-hasher';
import { PersonMatcher } from './person-matcher';

describe('PersonMatcher', () => {
  const matcher = new PersonMatcher(
    {
      profileId: '6650f1c2a1b2c3d4e5f6071a',
      publicId: 'engineer',
      urls: ['https://profiles.example/in/engineer'],
      scrapeJobIds: [],
    },
    ['6650f1c2a1b2c3d4e5f6071b'],
  );

  it.each([
    ['a JSON string', '{"publicId":"engineer"}'],
    ['a key segment', 'scout:cache:g:profile:pid:engineer'],
    ['a segment before another', 'rate:engineer:window'],
    ['an /in/ path', '{"location":"/v1/x","page":"http://other.example/in/engineer?x=1"}'],
    ['the profile id anywhere', 'profile:id:6650f1c2a1b2c3d4e5f6071a'],
    ['an extra id (a scrape job)', '{"jobId":"6650f1c2a1b2c3d4e5f6071b"}'],
    ['a URL', 'see https://profiles.example/in/engineer for more'],
  ])('finds the person in %s', (_, text) => {
    expect(matcher.matches(text)).toBe(true);
  });

  it.each([
    ['a word of a headline', '{"headline":"Senior engineer at Acme"}'],
    ['a longer publicId', '{"publicId":"engineer-2"}'],
    ['a longer path', '/in/engineers'],
    ['a prefixed publicId', 'profile:pid:lead-engineer'],
    ['nothing', ''],
  ])('does not take %s for the person', (_, text) => {
    expect(matcher.matches(text)).toBe(false);
  });
});

describe('normalizeUrl', () => {
  it('compares profile URLs by host and path, case-insensitively', () => {
    expect(normalizeUrl('https://Profiles.Example/in/Ann/?utm=1#top')).toBe(
      normalizeUrl('http://profiles.example/in/ann'),
    );
    expect(normalizeUrl('https://profiles.example/in/ann')).not.toBe(
      normalizeUrl('https://profiles.example/in/anna'),
    );
  });
});
