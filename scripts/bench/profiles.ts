// Deterministic, realistic-looking profile inputs for the benchmark: the same index always gives
// the same profile, so runs are comparable and publicIds never collide within a prefix.

/** A profile as `POST /v1/profiles` and `POST /v1/profiles/batch` accept it. */
export interface ProfileBody {
  publicId: string;
  fullName: string;
  headline: string;
  summary: string;
  location: { city: string; country: string };
  skills: string[];
  experiences: Array<{
    title: string;
    companyName: string;
    location: string;
    startDate: string;
    endDate?: string;
  }>;
  education: Array<{ school: string; degree: string; field: string; startYear: number }>;
  source: 'import';
}

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Margaret',
  'Linus',
  'Barbara',
  'Ken',
  'Frances',
  'Dennis',
  'Radia',
  'Tim',
  'Hedy',
  'Edsger',
  'Katherine',
  'Donald',
  'Sophie',
  'Yukihiro',
  'Anders',
  'Guido',
  'Shafi',
] as const;
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Hamilton',
  'Torvalds',
  'Liskov',
  'Thompson',
  'Allen',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'Dijkstra',
  'Johnson',
  'Knuth',
  'Wilson',
  'Matsumoto',
  'Hejlsberg',
  'van Rossum',
  'Goldwasser',
] as const;
const TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Staff Engineer',
  'Engineering Manager',
  'Data Scientist',
  'Product Manager',
  'Site Reliability Engineer',
  'Frontend Developer',
  'Backend Developer',
  'Solutions Architect',
] as const;
const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Analytics',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent Systems',
  'Vandelay Industries',
  'Cyberdyne',
] as const;
const PLACES = [
  { city: 'Berlin', country: 'DE' },
  { city: 'Paris', country: 'FR' },
  { city: 'London', country: 'GB' },
  { city: 'Amsterdam', country: 'NL' },
  { city: 'Madrid', country: 'ES' },
  { city: 'Stockholm', country: 'SE' },
  { city: 'New York', country: 'US' },
  { city: 'Toronto', country: 'CA' },
  { city: 'Bangalore', country: 'IN' },
  { city: 'Tokyo', country: 'JP' },
] as const;
const SKILLS = [
  'typescript',
  'javascript',
  'node.js',
  'mongodb',
  'redis',
  'kubernetes',
  'docker',
  'aws',
  'python',
  'go',
  'rust',
  'react',
  'postgresql',
  'graphql',
  'terraform',
  'machine learning',
  'system design',
  'leadership',
] as const;
const SCHOOLS = [
  'TU Berlin',
  'ETH Zurich',
  'Imperial College London',
  'Sorbonne University',
  'University of Toronto',
  'KTH Royal Institute of Technology',
] as const;
const FIELDS = ['Computer Science', 'Mathematics', 'Physics', 'Electrical Engineering'] as const;

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length];
}

/**
 * The profile number `n` under `prefix` (publicId `${prefix}-${n}`): deterministic, so every run
 * writes the same data, with the fields a real imported profile has (about 1 KB of JSON).
 */
export function makeProfile(prefix: string, n: number): ProfileBody {
  const first = pick(FIRST_NAMES, n);
  const last = pick(LAST_NAMES, Math.floor(n / FIRST_NAMES.length) + n);
  const title = pick(TITLES, n * 7);
  const company = pick(COMPANIES, n * 3);
  const previous = pick(COMPANIES, n * 3 + 1);
  const place = pick(PLACES, n * 11);
  const skillCount = 4 + (n % 5);
  const skills = Array.from({ length: skillCount }, (_, i) => pick(SKILLS, n + i * 5));
  const startYear = 2005 + (n % 12);
  return {
    publicId: `${prefix}-${n}`,
    fullName: `${first} ${last}`,
    headline: `${title} at ${company} · ${skills.slice(0, 3).join(', ')}`,
    summary:
      `${first} builds dependable backend systems at ${company}, with a focus on ` +
      `${skills[0] ?? 'software'} and ${skills[1] ?? 'operations'}. Previously at ${previous}.`,
    location: { city: place.city, country: place.country },
    skills: [...new Set(skills)],
    experiences: [
      {
        title,
        companyName: company,
        location: `${place.city}, ${place.country}`,
        startDate: '2019-03',
      },
      {
        title: pick(TITLES, n * 7 + 1),
        companyName: previous,
        location: place.city,
        startDate: `${2010 + (n % 8)}-0${1 + (n % 9)}`,
        endDate: '2019-02',
      },
    ],
    education: [
      {
        school: pick(SCHOOLS, n),
        degree: 'MSc',
        field: pick(FIELDS, n * 13),
        startYear,
      },
    ],
    source: 'import',
  };
}
