import type { SchemaType } from 'mongoose';
import { mergePatch, toContent } from './profile.content';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS, fieldSpec } from './profile.fields';
import { contentHash, normalizeProfile, profileSearchTerms } from './profile.normalizer';
import type { ProfileInput } from './profiles.types';
import { ProfileSchema } from './schemas/profile.schema';
import type { StoredProfile } from './stored-profile';

const ACME = '6752f19fc3b4d5e6f7a8b001';

/** A profile that sets every content field, each as a client sends it. */
function input(): ProfileInput {
  return {
    publicId: 'ada-lovelace',
    url: 'https://profiles.example/in/ada-lovelace',
    fullName: '  Ada <b>Lovelace</b> ',
    headline: 'Analyst of engines',
    summary: 'Notes on the engine',
    location: { city: 'London', country: 'GB' },
    currentCompany: 'acme-corp',
    experiences: [
      { title: 'Analyst', company: 'acme-corp', startDate: '1842-01' },
      { title: 'Translator', companyName: 'Self' },
    ],
    education: [{ school: 'Home', startYear: 1830 }],
    skills: ['Mathematics', ' mathematics ', 'Poetry'],
    source: 'import',
  };
}

const REFS = new Map([['acme-corp', ACME]]);

describe("PROFILE_FIELDS, the one declaration of a profile's content", () => {
  it('is a path of the schema for every field, with the bounds it declares', () => {
    for (const field of PROFILE_FIELD_NAMES) {
      const spec = fieldSpec(field);
      const path = ProfileSchema.path<SchemaType & { options: Record<string, unknown> }>(field);
      expect({ field, exists: path !== undefined }).toEqual({ field, exists: true });
      const { options } = path;
      expect({ field, required: options.required === true }).toEqual({
        field,
        required: spec.required === true || spec.kind === 'source',
      });
      if (spec.kind === 'text' || spec.kind === 'url') {
        expect({ field, max: options.maxlength }).toEqual({ field, max: spec.max });
      }
      if (spec.min !== undefined) expect(options.minlength).toBe(spec.min);
      if (spec.maxItems !== undefined) {
        const { validator } = options.validate as { validator: (v: unknown[]) => boolean };
        expect(validator(Array.from({ length: spec.maxItems }))).toBe(true);
        expect(validator(Array.from({ length: spec.maxItems + 1 }))).toBe(false);
      }
    }
  });

  it('drives the normalizer, the stored content and the merge of a patch: each holds every field', () => {
    const normalized = normalizeProfile(input());
    expect(Object.keys(normalized)).toEqual(PROFILE_FIELD_NAMES);
    const content = toContent(normalized, REFS);
    expect(Object.keys(content)).toEqual([...PROFILE_FIELD_NAMES, 'searchTerms', 'contentHash']);
    const stored: StoredProfile = {
      ...content,
      id: '6752f1a0c3b4d5e6f7a8b9c0',
      version: 3,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    expect(Object.keys(mergePatch(stored, {}))).toEqual(PROFILE_FIELD_NAMES);
  });

  it('cleans each field by its kind and resolves company references to ids', () => {
    const content = toContent(normalizeProfile(input()), REFS);
    expect(content).toMatchObject({
      fullName: 'Ada Lovelace',
      currentCompany: ACME,
      experiences: [
        { title: 'Analyst', company: ACME, startDate: '1842-01' },
        { title: 'Translator', companyName: 'Self' },
      ],
      skills: ['mathematics', 'poetry'],
      source: 'import',
      searchTerms: profileSearchTerms('Ada Lovelace', 'Analyst of engines'),
    });
    expect(normalizeProfile({ publicId: 'ada-lovelace', fullName: 'Ada' })).toMatchObject({
      experiences: [],
      education: [],
      skills: [],
      source: 'manual',
    });
    expect(() => normalizeProfile({ ...input(), fullName: '<b></b>' })).toThrow();
  });

  it('hashes content exactly as the field-by-field copy stored before it, so stored hashes stay valid', () => {
    const content = toContent(normalizeProfile(input()), REFS);
    const copied = {
      publicId: 'ada-lovelace',
      url: 'https://profiles.example/in/ada-lovelace',
      fullName: 'Ada Lovelace',
      headline: 'Analyst of engines',
      summary: 'Notes on the engine',
      location: { city: 'London', country: 'GB' },
      currentCompany: ACME,
      experiences: [
        { title: 'Analyst', company: ACME, startDate: '1842-01' },
        { title: 'Translator', companyName: 'Self', company: undefined },
      ],
      education: [{ school: 'Home', startYear: 1830 }],
      skills: ['mathematics', 'poetry'],
      searchTerms: profileSearchTerms('Ada Lovelace', 'Analyst of engines'),
      source: 'import',
    };
    expect(content.contentHash).toBe(contentHash(copied));
  });

  it('merges a patch over the stored profile: null clears, absent keeps, the rest replaces', () => {
    const content = toContent(normalizeProfile(input()), REFS);
    const stored: StoredProfile = {
      ...content,
      id: '6752f1a0c3b4d5e6f7a8b9c0',
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    const merged = mergePatch(stored, { headline: null, summary: 'New', skills: undefined });
    expect(merged).not.toHaveProperty('headline');
    expect(merged).toMatchObject({ summary: 'New', skills: content.skills, currentCompany: ACME });
    const unchanged = toContent(normalizeProfile(mergePatch(stored, {})), new Map([[ACME, ACME]]));
    expect(unchanged.contentHash).toBe(content.contentHash);
  });

  it('declares bounds for every list and every optional text', () => {
    for (const [field, spec] of Object.entries(PROFILE_FIELDS)) {
      if (['experiences', 'education', 'skills'].includes(spec.kind)) {
        expect({ field, maxItems: 'maxItems' in spec }).toEqual({ field, maxItems: true });
      }
      if (spec.kind === 'text') expect({ field, max: 'max' in spec }).toEqual({ field, max: true });
    }
  });
});
