import { type CheerioAPI, load } from 'cheerio';
import { RULES, type ScrapeTarget } from '@scout/profiles';
import { profileFromHtml } from './html.reader';
import { profileFromJsonLd } from './json-ld.reader';
import { hashContent } from './normalize';
import {
  DEFAULT_PARSE_LIMITS,
  markupNestsDeeperThan,
  pageRefused,
  ParseBudget,
  type ParseLimits,
} from './parse-limits';
import { type ProfileDraft, withoutUndefined } from './profile-draft';
import type { ScrapedProfile } from './profile-source';
import { FailureKind, ScrapeError } from './scrape-error';

const BLOCKED_TITLE =
  /\b(sign ?in|log ?in|login|sign ?up|join now|join to view|authwall|captcha|security (check|verification)|verify you are (a )?human|are you a (human|robot)|access denied)\b/i;

const BLOCKED_MARKUP = [
  'input[type="password"]',
  '[data-authwall]',
  '.authwall',
  '#authwall',
  'form[action*="login"]',
  'form[action*="checkpoint"]',
  '.g-recaptcha',
  '.h-captcha',
  '[data-sitekey]',
  'iframe[src*="captcha"]',
  '#challenge-form',
].join(', ');

/** A login wall, captcha or challenge page: the site is refusing us, not missing the profile. */
function looksBlocked($: CheerioAPI): boolean {
  return BLOCKED_TITLE.test($('title').first().text()) || $(BLOCKED_MARKUP).length > 0;
}

/** Fields the fallback fills when the JSON-LD Person leaves them out. */
function fillGaps(primary: ProfileDraft, fallback: ProfileDraft | undefined): ProfileDraft {
  if (!fallback) return primary;
  return {
    ...primary,
    headline: primary.headline ?? fallback.headline,
    summary: primary.summary ?? fallback.summary,
    location: primary.location ?? fallback.location,
    currentCompany: primary.currentCompany ?? fallback.currentCompany,
    experiences: primary.experiences.length > 0 ? primary.experiences : fallback.experiences,
    education: primary.education.length > 0 ? primary.education : fallback.education,
    skills: primary.skills.length > 0 ? primary.skills : fallback.skills,
  };
}

/** Skills without case-insensitive duplicates, in page order. */
function uniqueSkills(skills: string[]): string[] {
  const seen = new Set<string>();
  return skills.filter((skill) => {
    const key = skill.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads a profile page: the schema.org `Person` in JSON-LD first (among several scripts, inside
 * `@graph`, by `@id` reference), the site's markup for whatever that leaves out (all of it when
 * there is no usable JSON-LD). Identity comes from the target, never from the page. The work is
 * bounded by `limits`: markup depth (checked before parsing), JSON-LD depth, values and
 * scripts, and a time budget checked between steps.
 *
 * @throws ScrapeError BLOCKED for login walls and captchas; PARSE_ERROR when no name is found or
 *   the page is over a limit.
 */
export function parseProfilePage(
  html: string,
  target: ScrapeTarget,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): ScrapedProfile {
  const budget = new ParseBudget(limits.budgetMs);
  if (markupNestsDeeperThan(html, limits.htmlMaxDepth)) {
    throw pageRefused(`markup nested deeper than ${limits.htmlMaxDepth} elements`);
  }
  const $ = load(html);
  budget.check('markup');
  const fromHtml = profileFromHtml($, target, budget);
  budget.check('profile markup');
  const jsonLd = profileFromJsonLd($, target, limits, budget);
  budget.check('JSON-LD');
  const draft = jsonLd ? fillGaps(jsonLd, fromHtml) : fromHtml;
  if (!draft) {
    if (looksBlocked($)) {
      throw new ScrapeError(FailureKind.Blocked, 'the site answered with a login or captcha page');
    }
    throw new ScrapeError(FailureKind.ParseError, 'the page holds no recognizable profile');
  }
  const content = withoutUndefined({
    publicId: target.publicId,
    url: target.url,
    fullName: draft.fullName,
    headline: draft.headline,
    summary: draft.summary,
    location: draft.location,
    currentCompany: draft.currentCompany,
    experiences: draft.experiences.slice(0, RULES.experiences.maxItems),
    education: draft.education.slice(0, RULES.education.maxItems),
    skills: uniqueSkills(draft.skills).slice(0, RULES.skills.maxItems),
  });
  return { ...content, contentHash: hashContent(content) };
}
