import type { CheerioAPI } from 'cheerio';
import { RULES, type ScrapeTarget } from '@scout/profiles';
import { cleanMultiline, cleanText, normalizeYear, normalizeYearMonth } from './normalize';
import { isObject, type JsonObject, type JsonValue, list, readNodes } from './json-ld.nodes';
import type { ParseBudget, ParseLimits } from './parse-limits';
import {
  buildCompany,
  locationOf,
  type ProfileDraft,
  splitLocation,
  withoutUndefined,
} from './profile-draft';
import type {
  ScrapedCompany,
  ScrapedEducation,
  ScrapedExperience,
  ScrapedLocation,
} from './profile-source';

/** `@type` values without a vocabulary prefix: `schema:Person` and `https://schema.org/Person` are `Person`. */
function typesOf(node: JsonObject): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.replace(/^(?:https?:\/\/schema\.org\/|schema:)/i, ''));
}

const isA = (node: JsonObject, ...types: string[]): boolean =>
  typesOf(node).some((type) => types.includes(type));

const isRole = (node: JsonObject): boolean =>
  typesOf(node).some((type) => type === 'Role' || type.endsWith('Role'));

/**
 * How many objects deep a text or place is followed: `{ "@id": ... }` references can point back
 * at the node that holds them, and a cycle must end as "not found", not as a stack overflow.
 */
const MAX_REFERENCE_HOPS = 8;

/** Reads one page's JSON-LD graph, resolving `{ "@id": ... }` references to their nodes. */
class JsonLdGraph {
  private readonly byId = new Map<string, JsonObject>();

  constructor(readonly nodes: JsonObject[]) {
    for (const node of nodes) {
      const id = node['@id'];
      if (typeof id === 'string' && !this.byId.has(id)) this.byId.set(id, node);
    }
  }

  /** The node a reference points to, or the value itself. */
  resolve(value: JsonValue | undefined): JsonValue | undefined {
    if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) {
      return this.byId.get(value['@id']) ?? value;
    }
    return value;
  }

  all(value: JsonValue | undefined): JsonValue[] {
    return list(value).map((item) => this.resolve(item) ?? null);
  }

  first(value: JsonValue | undefined): JsonValue | undefined {
    return this.all(value).find((item) => item !== null);
  }

  object(value: JsonValue | undefined): JsonObject | undefined {
    const item = this.first(value);
    return isObject(item) ? item : undefined;
  }

  /**
   * A value as text: strings and numbers as they are, objects by `name` or `@value`, looked for
   * at most {@link MAX_REFERENCE_HOPS} objects deep (references may form a cycle).
   */
  text(value: JsonValue | undefined, hops = 0): string | undefined {
    const item = this.first(value);
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    if (isObject(item) && hops < MAX_REFERENCE_HOPS) {
      return this.text(item.name, hops + 1) ?? this.text(item['@value'], hops + 1);
    }
    return undefined;
  }
}

/**
 * The page's Person: the one whose `url` or `@id` is the target profile, else the main entity
 * of a `ProfilePage`, else the first Person with a name ("people also viewed" lists can hold
 * other Persons).
 */
function findPerson(graph: JsonLdGraph, target: ScrapeTarget): JsonObject | undefined {
  const people = graph.nodes.filter(
    (node) => isA(node, 'Person') && cleanText(graph.text(node.name) ?? node.givenName, 10),
  );
  const path = `/in/${target.publicId}`;
  const isTarget = (link: JsonValue | undefined): boolean => {
    if (typeof link !== 'string') return false;
    try {
      return new URL(link, target.url).pathname.replace(/\/$/, '') === path;
    } catch {
      return false;
    }
  };
  const mainEntities = graph.nodes
    .filter((node) => isA(node, 'ProfilePage'))
    .map((page) => graph.object(page.mainEntity));
  return (
    people.find((person) => isTarget(person.url) || isTarget(person['@id'])) ??
    people.find((person) => mainEntities.includes(person)) ??
    people[0]
  );
}

/** A worksFor entry as a role (dates, title) and the organization it is with. */
interface Employer {
  role: JsonObject | undefined;
  org: JsonValue | undefined;
  title: JsonValue | undefined;
}

/** Reads the parts of one Person from the page's graph; every part resolves references alike. */
class PersonReader {
  constructor(
    private readonly graph: JsonLdGraph,
    private readonly target: ScrapeTarget,
  ) {}

  company(value: JsonValue | undefined): ScrapedCompany | undefined {
    const { graph } = this;
    const node = graph.first(value);
    if (typeof node === 'string') return buildCompany({ name: node }, this.target);
    if (!isObject(node)) return undefined;
    return buildCompany(
      {
        name: graph.text(node.name) ?? graph.text(node.legalName),
        pageUrls: [graph.text(node.url), node['@id']],
        industry: graph.text(node.industry),
        size: graph.resolve(graph.first(node.numberOfEmployees)),
        website: graph.all(node.sameAs).find((link) => typeof link === 'string'),
        headquarters: this.place(node.location ?? node.address),
      },
      this.target,
    );
  }

  /** A place as text: an address, a name, or its own address, at most a few hops deep. */
  place(value: JsonValue | undefined, hops = 0): string | undefined {
    const { graph } = this;
    const place = graph.first(value);
    if (typeof place === 'string') return place;
    if (!isObject(place)) return undefined;
    if (isA(place, 'PostalAddress')) {
      const parts = [place.addressLocality, place.addressRegion, place.addressCountry];
      return (
        parts
          .map((part) => graph.text(part))
          .filter(Boolean)
          .join(', ') || undefined
      );
    }
    if (hops >= MAX_REFERENCE_HOPS) return undefined;
    return graph.text(place.name) ?? this.place(place.address, hops + 1);
  }

  /**
   * worksFor holds employers: plain Organizations (LinkedIn-style, dates in a `member` role) or
   * Roles wrapping one (schema.org's role pattern).
   */
  employers(person: JsonObject): Employer[] {
    return this.graph.all(person.worksFor).map((entry) => {
      if (isObject(entry) && isRole(entry)) {
        return { role: entry, org: entry.worksFor ?? entry.memberOf, title: entry.roleName };
      }
      const member = isObject(entry) ? this.graph.object(entry.member) : undefined;
      const role = member && isRole(member) ? member : undefined;
      return { role, org: entry ?? undefined, title: role?.roleName };
    });
  }

  /** Occupations when the page lists them, else the employers' roles. */
  experiences(person: JsonObject, employers: Employer[]): ScrapedExperience[] {
    const occupations = this.graph.all(person.hasOccupation).filter(isObject);
    const entries =
      occupations.length > 0
        ? occupations.map((role) =>
            this.experience({
              role,
              org: role.worksFor ?? role.memberOf ?? role.hiringOrganization,
              title:
                role.roleName ?? (isA(role, 'Occupation') ? role.name : undefined) ?? role.jobTitle,
            }),
          )
        : employers.map((employer) => this.experience(employer));
    return entries.filter((entry): entry is ScrapedExperience => entry !== undefined);
  }

  education(person: JsonObject): ScrapedEducation[] {
    return this.graph
      .all(person.alumniOf)
      .map((entry) => this.school(entry))
      .filter((entry): entry is ScrapedEducation => entry !== undefined);
  }

  private experience({ role, org, title }: Employer): ScrapedExperience | undefined {
    const { graph } = this;
    const employer = this.company(org);
    const entry = withoutUndefined<ScrapedExperience>({
      title: cleanText(graph.text(title), RULES.shortText.max),
      company: employer,
      companyName: employer?.name,
      location: cleanText(
        this.place(role?.location ?? role?.occupationLocation ?? role?.workLocation),
        RULES.shortText.max,
      ),
      startDate: normalizeYearMonth(graph.text(role?.startDate)),
      endDate: normalizeYearMonth(graph.text(role?.endDate)),
      description: cleanMultiline(graph.text(role?.description), RULES.description.max),
    });
    return entry.title || entry.company ? entry : undefined;
  }

  private school(entry: JsonValue | null): ScrapedEducation | undefined {
    const { graph } = this;
    let school: JsonValue | undefined = entry ?? undefined;
    let role: JsonObject | undefined;
    if (isObject(entry) && (isRole(entry) || entry.alumniOf !== undefined)) {
      role = entry;
      school = graph.first(entry.alumniOf);
    } else if (isObject(entry)) {
      const member = graph.object(entry.member);
      role = member && isRole(member) ? member : undefined;
    }
    const name = cleanText(graph.text(school), RULES.shortText.max);
    if (!name) return undefined;
    return withoutUndefined<ScrapedEducation>({
      school: name,
      degree: cleanText(graph.text(role?.roleName ?? role?.degree), RULES.shortText.max),
      field: cleanText(graph.text(role?.fieldOfStudy), RULES.shortText.max),
      startYear: normalizeYear(graph.text(role?.startDate)),
      endYear: normalizeYear(graph.text(role?.endDate)),
    });
  }
}

/**
 * Reads the page's schema.org data; undefined when there is no Person with a name.
 *
 * @throws ScrapeError PARSE_ERROR when the JSON-LD is over `limits` or the budget is spent.
 */
export function profileFromJsonLd(
  $: CheerioAPI,
  target: ScrapeTarget,
  limits: ParseLimits,
  budget: ParseBudget,
): ProfileDraft | undefined {
  const graph = new JsonLdGraph(readNodes($, limits, budget));
  const person = findPerson(graph, target);
  if (!person) return undefined;

  const given = [graph.text(person.givenName), graph.text(person.familyName)].filter(Boolean);
  const fullName = cleanText(graph.text(person.name) ?? given.join(' '), RULES.fullName.max);
  if (!fullName) return undefined;

  const read = new PersonReader(graph, target);
  const employers = read.employers(person);
  const experiences = read.experiences(person, employers);
  const currentEmployer = employers.find(({ role }) => !graph.text(role?.endDate));
  const currentCompany =
    read.company(currentEmployer?.org) ??
    experiences.find((entry) => entry.company && !entry.endDate)?.company;

  return withoutUndefined<ProfileDraft>({
    fullName,
    headline: cleanText(
      graph.text(person.disambiguatingDescription) ??
        graph.text(person.headline) ??
        graph.text(person.jobTitle),
      RULES.headline.max,
    ),
    summary: cleanMultiline(graph.text(person.description), RULES.summary.max),
    location: personLocation(graph, person),
    currentCompany,
    experiences,
    education: read.education(person),
    skills: graph
      .all(person.knowsAbout)
      .map((skill) => cleanText(graph.text(skill), RULES.skills.maxLength))
      .filter((skill): skill is string => skill !== undefined),
  });
}

function personLocation(graph: JsonLdGraph, person: JsonObject): ScrapedLocation | undefined {
  const address = graph.first(person.address);
  if (typeof address === 'string') return splitLocation(address);
  if (isObject(address)) {
    return locationOf(
      graph.text(address.addressLocality),
      graph.text(address.addressRegion),
      graph.text(address.addressCountry),
    );
  }
  const home = graph.first(person.homeLocation);
  if (typeof home === 'string') return splitLocation(home);
  if (isObject(home)) {
    const homeAddress = graph.first(home.address);
    if (isObject(homeAddress)) {
      return locationOf(
        graph.text(homeAddress.addressLocality),
        graph.text(homeAddress.addressRegion),
        graph.text(homeAddress.addressCountry),
      );
    }
    return splitLocation(graph.text(homeAddress) ?? graph.text(home.name));
  }
  return undefined;
}
