import { randomBytes } from 'node:crypto';

/** A publicId nobody else in the run uses. */
export function uniquePublicId(prefix = 'p'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A valid profile body; override any field. */
export function profileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    publicId: uniquePublicId('person'),
    fullName: 'Ada Lovelace',
    headline: 'Analyst of engines and numbers',
    location: { city: 'London', country: 'GB' },
    skills: ['Mathematics', ' mathematics ', 'Poetry'],
    experiences: [{ title: 'Analyst', companyName: 'Analytical Engine Co', startDate: '1842' }],
    education: [{ school: 'Home tutoring', field: 'Mathematics' }],
    ...overrides,
  };
}

/** A valid company body; override any field. */
export function companyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    publicId: uniquePublicId('company'),
    name: 'Acme Corp',
    industry: 'Software',
    sizeRange: '51-200',
    website: 'https://acme.example',
    ...overrides,
  };
}
