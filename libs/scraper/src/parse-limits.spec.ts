import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderProfilePage } from '../../../test/fixtures/fake-site';
import { DEFAULT_PARSE_LIMITS, markupNestsDeeperThan, ParseBudget } from './parse-limits';
import { parseProfilePage } from './profile-page.parser';
import { FailureKind, ScrapeError } from './scrape-error';

const BASE = 'https://profiles.example';
/** The default caps, with a time budget a loaded machine cannot exhaust: these tests are not about time. */
const LIMITS = { ...DEFAULT_PARSE_LIMITS, budgetMs: 60_000 };
const target = { publicId: 'ada-lovelace', url: `${BASE}/in/ada-lovelace` };

/** A page with a name in its markup and the given JSON-LD scripts and extra markup. */
function page(scripts: string[], markup = ''): string {
  const ld = scripts.map((json) => `<script type="application/ld+json">${json}</script>`).join('');
  return `<!doctype html><html><head><title>Ada</title>${ld}</head><body><main class="profile"><h1 class="profile-name">Ada Lovelace</h1>${markup}</main></body></html>`;
}

function refusal(run: () => unknown): ScrapeError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScrapeError);
  expect((caught as ScrapeError).kind).toBe(FailureKind.ParseError);
  return caught as ScrapeError;
}

describe('parse limits on hostile pages', () => {
  it('refuses JSON-LD nested 10,000 levels deep before parsing it', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const arrays = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    for (const json of [deep, arrays]) {
      expect(refusal(() => parseProfilePage(page([json]), target, LIMITS)).message).toBe(
        'page refused: JSON-LD nested deeper than 32 levels',
      );
    }
  });

  it('does not count brackets inside JSON strings as nesting', () => {
    const person = {
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: 'Ada Lovelace',
      description: `${'[{'.repeat(500)} \\" ${'}]'.repeat(500)}`,
    };
    expect(parseProfilePage(page([JSON.stringify(person)]), target, LIMITS).fullName).toBe(
      'Ada Lovelace',
    );
  });

  it('refuses a page whose JSON-LD holds 100,000 values', () => {
    const wide = JSON.stringify({
      '@type': 'Person',
      name: 'Ada Lovelace',
      knowsAbout: Array.from({ length: 100_000 }, (_, i) => `skill ${i}`),
    });
    expect(refusal(() => parseProfilePage(page([wide]), target, LIMITS)).message).toBe(
      'page refused: JSON-LD holds more than 20000 values',
    );
    // Spread over scripts that are each under the cap, the values still add up.
    const part = JSON.stringify(Array.from({ length: 8_000 }, () => 1));
    expect(refusal(() => parseProfilePage(page([part, part, part]), target, LIMITS)).message).toBe(
      'page refused: JSON-LD holds more than 20000 values',
    );
  });

  it('refuses a page with more JSON-LD scripts than allowed', () => {
    const scripts = Array.from({ length: 5_000 }, () => '{"@type":"Thing"}');
    expect(refusal(() => parseProfilePage(page(scripts), target, LIMITS)).message).toBe(
      'page refused: more than 20 JSON-LD scripts',
    );
    expect(parseProfilePage(page(scripts.slice(0, 20)), target, LIMITS).fullName).toBe(
      'Ada Lovelace',
    );
  });

  it('refuses markup nested 100,000 elements deep without parsing it', () => {
    // Parsed, such a page would hold the worker for minutes and overflow the stack when read.
    for (const element of ['div', 'span', 'b']) {
      const markup = `${`<${element}>`.repeat(100_000)}x`;
      expect(refusal(() => parseProfilePage(page([], markup), target, LIMITS)).message).toBe(
        'page refused: markup nested deeper than 1000 elements',
      );
    }
  });

  it('ends @id reference cycles instead of overflowing the stack', () => {
    const selfNamed = JSON.stringify({ '@type': 'Person', '@id': '#p', name: { '@id': '#p' } });
    expect(
      refusal(() =>
        parseProfilePage(page([selfNamed]).replace('profile-name', 'x'), target, LIMITS),
      ).message,
    ).toBe('the page holds no recognizable profile');
    const placeCycle = JSON.stringify([
      {
        '@type': 'Person',
        name: 'Ada Lovelace',
        worksFor: {
          '@type': 'Organization',
          name: 'Analytical Engines',
          location: { '@id': '#hq' },
        },
      },
      { '@type': 'Place', '@id': '#hq', address: { '@id': '#hq' } },
    ]);
    const profile = parseProfilePage(page([placeCycle]), target, LIMITS);
    expect(profile.currentCompany).toMatchObject({ name: 'Analytical Engines' });
    expect(profile.currentCompany?.headquarters).toBeUndefined();
  });

  it('refuses a page whose parse outlasts the time budget', () => {
    const positions = Array.from(
      { length: 1_000 },
      (_, i) =>
        `<li class="position"><span class="position-title">Role ${i}</span><a class="position-company">Company ${i}</a></li>`,
    ).join('');
    const markup = `<section class="experience"><ul>${positions}</ul></section>`;
    const error = refusal(() =>
      parseProfilePage(page([], markup), target, { ...DEFAULT_PARSE_LIMITS, budgetMs: 1 }),
    );
    expect(error.message).toMatch(/^page refused: parsing took longer than 1 ms \(at [a-z -]+\)$/);
    expect(parseProfilePage(page([], markup), target, LIMITS).experiences.length).toBeGreaterThan(
      0,
    );
  });

  it('still reads an ordinary page after refusing hostile ones', () => {
    const ordinary = renderProfilePage('ada-lovelace', BASE);
    refusal(() => parseProfilePage(page([`${'['.repeat(50_000)}`]), target, LIMITS));
    refusal(() => parseProfilePage(page([], '<div>'.repeat(50_000)), target, LIMITS));
    expect(parseProfilePage(ordinary, target, LIMITS).fullName).toBe('Ada Lovelace');
  });

  it('ships the defaults config/default.yaml sets', () => {
    const file = join(__dirname, '..', '..', '..', 'config', 'default.yaml');
    const { scraping } = parseYaml(readFileSync(file, 'utf8')) as {
      scraping: Record<string, number>;
    };
    expect(DEFAULT_PARSE_LIMITS).toEqual({
      htmlMaxDepth: scraping.htmlMaxDepth,
      jsonLdMaxDepth: scraping.jsonLdMaxDepth,
      jsonLdMaxNodes: scraping.jsonLdMaxNodes,
      jsonLdMaxBlocks: scraping.jsonLdMaxBlocks,
      budgetMs: scraping.parseBudgetMs,
    });
  });
});

describe('markupNestsDeeperThan', () => {
  it('passes the fake site pages at a depth far below the default', () => {
    expect(markupNestsDeeperThan(renderProfilePage('ada-lovelace', BASE), 30)).toBe(false);
    expect(markupNestsDeeperThan(renderProfilePage('nojsonld-grace-hopper', BASE), 30)).toBe(false);
  });

  it.each([
    ['closed elements', '<div><p>a</p></div>'.repeat(50), false],
    ['unclosed list items and paragraphs', `<ul>${'<li><p>item'.repeat(50)}</ul>`, false],
    ['void elements', '<br><img src=x><input>'.repeat(50), false],
    ['self-closing elements inside SVG', `<svg>${'<path d="M0"/>'.repeat(50)}</svg>`, false],
    [
      'tags inside scripts, styles and comments',
      `<script>${'<div>'.repeat(50)}</script><style>${'<div>'.repeat(50)}</style><!--${'<div>'.repeat(50)}-->`,
      false,
    ],
    [
      'end tags closing everything opened after their element',
      `<section>${'<div><span>'.repeat(4)}</section>`.repeat(50),
      false,
    ],
    ['nested divs', '<div>'.repeat(11), true],
    ['"/>" on HTML elements, which the parser ignores', '<div/>'.repeat(11), true],
    ['unmatched end tags, which the parser ignores', '<div></span>'.repeat(11), true],
    ['a ">" and a "<" inside quoted attributes', '<div title="a>b" data-x=\'<\'>'.repeat(11), true],
    ['uppercase tags', '<DIV>'.repeat(11), true],
  ])('%s', (_label, markup, deeper) => {
    expect(markupNestsDeeperThan(markup, 10)).toBe(deeper);
  });

  it('stops at input that ends inside a tag, which the parser drops', () => {
    expect(markupNestsDeeperThan(`<div>${'<div title="x'.repeat(20)}`, 10)).toBe(false);
  });
});

describe('ParseBudget', () => {
  it('passes until the budget is spent, then names the step that found it spent', () => {
    let now = 1_000;
    const budget = new ParseBudget(50, () => now);
    now = 1_050;
    expect(() => budget.check('markup')).not.toThrow();
    now = 1_051;
    expect(() => budget.check('JSON-LD')).toThrow(
      new ScrapeError(
        FailureKind.ParseError,
        'page refused: parsing took longer than 50 ms (at JSON-LD)',
      ),
    );
  });
});
