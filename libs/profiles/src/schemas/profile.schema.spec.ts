import mongoose from 'mongoose';
import { compileValidator } from '@scout/database';
import { ProfileSchema } from './profile.schema';

const ProfileModel = mongoose.model('ProfileRuleParity', ProfileSchema);
const compiled = compileValidator(ProfileSchema);

function valid(): Record<string, unknown> {
  return {
    publicId: 'ada-lovelace',
    fullName: 'Ada Lovelace',
    headline: 'Analyst',
    location: { city: 'London', country: 'GB' },
    experiences: [{ title: 'Analyst', startDate: '1842-01' }],
    education: [{ school: 'Home', startYear: 1990 }],
    skills: ['mathematics'],
    searchTerms: ['ada'],
    scrape: { status: 'never' },
    source: 'manual',
    contentHash: 'h',
    version: 1,
  };
}

/** Path → kind of every broken rule, as Mongoose's own document validation reports them. */
async function mongooseErrors(doc: Record<string, unknown>): Promise<Record<string, string>> {
  const error = await new ProfileModel(doc).validate().then(
    () => null,
    (e: unknown) => e as mongoose.Error.ValidationError,
  );
  return kinds(error);
}

function kinds(error: mongoose.Error.ValidationError | null): Record<string, string> {
  return Object.fromEntries(
    Object.entries(error?.errors ?? {}).map(([path, e]) => [
      path,
      (e as mongoose.Error.ValidatorError).kind,
    ]),
  );
}

describe('the compiled profile rules match Mongoose document validation', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['a valid profile', {}],
    ['publicId pattern', { publicId: 'Not A Slug!' }],
    ['fullName missing', { fullName: undefined }],
    ['headline too long', { headline: 'x'.repeat(301) }],
    ['summary too long', { summary: 'x'.repeat(5_001) }],
    ['country pattern', { location: { city: 'x'.repeat(201), country: 'gb' } }],
    ['experience date', { experiences: [{ title: 'A', startDate: '2020-13' }] }],
    ['too many experiences', { experiences: Array.from({ length: 101 }, () => ({})) }],
    ['school missing and year out of range', { education: [{ startYear: 1800 }] }],
    ['too many skills', { skills: Array.from({ length: 101 }, (_, i) => `s${i}`) }],
    ['too many search terms', { searchTerms: Array.from({ length: 65 }, (_, i) => `t${i}`) }],
    ['source and scrape status enums', { source: 'robot', scrape: { status: 'lost' } }],
    ['version below 1, no content hash', { version: 0, contentHash: undefined }],
  ];

  it.each(cases)('%s', async (name, change) => {
    const doc = { ...valid(), ...change };
    const expected = await mongooseErrors(doc);
    expect(Object.keys(expected).length === 0).toBe(name === 'a valid profile');
    expect(kinds(compiled(doc))).toEqual(expected);
  });
});
