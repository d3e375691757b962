import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { RULES, type ScrapeTarget } from '@scout/profiles';
import { cleanMultiline, cleanText, normalizeYear, normalizeYearMonth } from './normalize';
import type { ParseBudget } from './parse-limits';
import {
  buildCompany,
  locationOf,
  type ProfileDraft,
  splitLocation,
  withoutUndefined,
} from './profile-draft';
import type { ScrapedEducation, ScrapedExperience, ScrapedLocation } from './profile-source';

/** Text of the first match, or undefined. */
function textOf(scope: Cheerio<AnyNode>, selector: string): string | undefined {
  const found = scope.find(selector).first();
  return found.length > 0 ? found.text() : undefined;
}

/** Paragraph-preserving text: `<br>` and block ends become line breaks. */
function multilineOf(scope: Cheerio<AnyNode>, selector: string): string | undefined {
  const found = scope.find(selector).first();
  if (found.length === 0) return undefined;
  const copy = found.clone();
  copy.find('br').replaceWith('\n');
  copy.find('p, li, div').append('\n\n');
  return copy.text();
}

/** A `<time>`'s machine-readable value, else its text. */
function timeOf(scope: Cheerio<AnyNode>, selector: string): string | undefined {
  const found = scope.find(selector).first();
  if (found.length === 0) return undefined;
  return found.attr('datetime') ?? found.text();
}

/** The profile's location, from its data attributes when the page gives them, else its text. */
function locationOfPage(root: Cheerio<AnyNode>): ScrapedLocation | undefined {
  const place = root.find('.profile-location').first();
  if (place.length === 0) return undefined;
  return place.is('[data-city], [data-region], [data-country]')
    ? locationOf(place.attr('data-city'), place.attr('data-region'), place.attr('data-country'))
    : splitLocation(place.text());
}

/** The experience section's positions, each marked whether the page calls it current. */
function positionsOf(
  $: CheerioAPI,
  root: Cheerio<AnyNode>,
  target: ScrapeTarget,
  budget: ParseBudget,
): Array<ScrapedExperience & { current: boolean }> {
  const positions = root.find('section.experience li.position').toArray();
  const experiences: Array<ScrapedExperience & { current: boolean }> = [];
  for (const element of positions) {
    budget.check('positions');
    const item = $(element);
    const link = item.find('.position-company').first();
    const company = buildCompany(
      {
        name: link.text(),
        pageUrls: [link.attr('href')],
        slug: item.attr('data-company'),
        industry: link.attr('data-industry'),
        size: link.attr('data-size-range'),
        website: link.attr('data-website'),
        headquarters: link.attr('data-headquarters'),
      },
      target,
    );
    const entry = withoutUndefined<ScrapedExperience>({
      title: cleanText(textOf(item, '.position-title'), RULES.shortText.max),
      company,
      companyName: company?.name,
      location: cleanText(textOf(item, '.position-location'), RULES.shortText.max),
      startDate: normalizeYearMonth(timeOf(item, '.position-start')),
      endDate: normalizeYearMonth(timeOf(item, '.position-end')),
      description: cleanMultiline(
        multilineOf(item, '.position-description'),
        RULES.description.max,
      ),
    });
    if (entry.title || entry.company) {
      experiences.push({ ...entry, current: item.attr('data-current') === 'true' });
    }
  }
  return experiences;
}

/**
 * Reads the profile from the site's markup (the contract is listed in the fake site's
 * renderer): the fallback for pages without usable JSON-LD. Undefined when there is no name.
 * Checks `budget` after each position and school, the parts a page can repeat at will.
 */
export function profileFromHtml(
  $: CheerioAPI,
  target: ScrapeTarget,
  budget: ParseBudget,
): ProfileDraft | undefined {
  const root: Cheerio<AnyNode> =
    $('main.profile').length > 0 ? $('main.profile').first() : $.root();
  const fullName = cleanText(textOf(root, '.profile-name'), RULES.fullName.max);
  if (!fullName) return undefined;

  const experiences = positionsOf($, root, target, budget);
  const current =
    experiences.find((entry) => entry.current) ??
    experiences.find((entry) => entry.company && !entry.endDate && entry.startDate);

  const education = root
    .find('section.education li.school')
    .toArray()
    .map((element): ScrapedEducation | undefined => {
      budget.check('schools');
      const item = $(element);
      const school = cleanText(textOf(item, '.school-name'), RULES.shortText.max);
      if (!school) return undefined;
      return withoutUndefined<ScrapedEducation>({
        school,
        degree: cleanText(textOf(item, '.school-degree'), RULES.shortText.max),
        field: cleanText(textOf(item, '.school-field'), RULES.shortText.max),
        startYear: normalizeYear(timeOf(item, '.school-start')),
        endYear: normalizeYear(timeOf(item, '.school-end')),
      });
    })
    .filter((entry): entry is ScrapedEducation => entry !== undefined);

  return withoutUndefined<ProfileDraft>({
    fullName,
    headline: cleanText(textOf(root, '.profile-headline'), RULES.headline.max),
    summary: cleanMultiline(multilineOf(root, '.profile-summary'), RULES.summary.max),
    location: locationOfPage(root),
    currentCompany: current?.company,
    experiences: experiences.map(({ current: _current, ...entry }) => entry),
    education,
    skills: root
      .find('section.skills .skill')
      .toArray()
      .map((element) => cleanText($(element).text(), RULES.skills.maxLength))
      .filter((skill): skill is string => skill !== undefined),
  });
}
