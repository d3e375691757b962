import {
  ALLOW_ALL,
  parseRobotsTxt,
  ROBOTS_MAX_BYTES,
  robotsProductToken,
  truncateRobotsTxt,
} from './robots-rules';

const SITE = 'https://profiles.example';
const ROBOTS_URL = `${SITE}/robots.txt`;
const page = (path: string) => `${SITE}${path}`;

describe('robotsProductToken', () => {
  it.each([
    ['ScoutBot/0.1 (+https://github.com/scout/scout; profile refresh)', 'ScoutBot'],
    ['ScoutBot', 'ScoutBot'],
    ['scout_bot-x/2', 'scout_bot-x'],
    ['Mozilla/5.0 (compatible; ScoutBot/0.1; +https://scout.example)', 'ScoutBot'],
    ['1.0 something', '*'],
  ])('%s → %s', (userAgent, token) => {
    expect(robotsProductToken(userAgent)).toBe(token);
  });
});

describe('parseRobotsTxt', () => {
  const rules = (body: string, token = 'ScoutBot') => parseRobotsTxt(ROBOTS_URL, body, token);

  it('obeys the group naming our product token, case-insensitively, over the * group', () => {
    const body = [
      'User-agent: *',
      'Disallow: /',
      '',
      'User-agent: scoutbot',
      'Disallow: /in/private-',
    ].join('\n');
    expect(rules(body).allows(page('/in/private-ada'))).toBe(false);
    expect(rules(body).allows(page('/in/ada'))).toBe(true);
    expect(rules(body, 'OtherBot').allows(page('/in/ada'))).toBe(false);
  });

  it('ignores groups of other agents and falls back to *', () => {
    const body = ['User-agent: OtherBot', 'Disallow: /', '', 'User-agent: *', 'Allow: /'].join(
      '\n',
    );
    expect(rules(body).allows(page('/in/ada'))).toBe(true);
    expect(rules(body, 'OtherBot').allows(page('/in/ada'))).toBe(false);
  });

  it('lets the longest match decide, Allow winning a tie, and reads * and $', () => {
    const body = [
      'User-agent: ScoutBot',
      'Disallow: /in/',
      'Allow: /in/public-',
      'Disallow: /in/*-draft$',
    ].join('\n');
    expect(rules(body).allows(page('/in/ada'))).toBe(false);
    expect(rules(body).allows(page('/in/public-ada'))).toBe(true);
    expect(rules(body).allows(page('/in/ada-draft'))).toBe(false);
    expect(rules(body).allows(page('/in/ada-drafts'))).toBe(false);
    expect(rules(body).allows(page('/company/acme'))).toBe(true);
  });

  it('merges groups that name the same agent', () => {
    const body = [
      'User-agent: ScoutBot',
      'Disallow: /in/a-',
      '',
      'User-agent: ScoutBot',
      'Disallow: /in/b-',
    ].join('\n');
    expect(rules(body).allows(page('/in/a-one'))).toBe(false);
    expect(rules(body).allows(page('/in/b-one'))).toBe(false);
    expect(rules(body).allows(page('/in/c-one'))).toBe(true);
  });

  it('allows everything for an empty file, and nothing on another origin', () => {
    expect(rules('').allows(page('/in/ada'))).toBe(true);
    expect(rules('').allows('https://elsewhere.example/in/ada')).toBe(false);
    expect(ALLOW_ALL.allows(page('/in/ada'))).toBe(true);
  });
});

describe('truncateRobotsTxt', () => {
  it('keeps a file within the cap whole', () => {
    expect(truncateRobotsTxt(Buffer.from('User-agent: *\nDisallow: /x\n'))).toBe(
      'User-agent: *\nDisallow: /x\n',
    );
  });

  it('cuts a larger file at the last full line before the cap', () => {
    const head = 'User-agent: *\nDisallow: /in/a\n';
    const padding = `# ${'x'.repeat(ROBOTS_MAX_BYTES)}\n`;
    const text = truncateRobotsTxt(Buffer.from(`${head}Disallow: /in/b\n${padding}Disallow: /`));
    expect(text).toBe(`${head}Disallow: /in/b`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(ROBOTS_MAX_BYTES);
    expect(parseRobotsTxt(ROBOTS_URL, text, 'ScoutBot').allows(page('/in/c'))).toBe(true);
  });
});
