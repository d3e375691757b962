import { getMetadataStorage } from 'class-validator';
import { validateItem } from '@scout/common';
import { PROFILE_FIELDS, type ProfileField, type ProfileFieldSpec } from '@scout/profiles';
import { CreateProfileDto, UpdateProfileDto } from './profile.dto';

const VALID = { publicId: 'ada-lovelace', fullName: 'Ada Lovelace' };

/** The fields of an item's errors. */
async function refused(item: Record<string, unknown>): Promise<string[]> {
  const result = await validateItem(CreateProfileDto, { ...VALID, ...item });
  return result.ok ? [] : [...new Set(result.errors.map((error) => error.field.split(/[.[]/)[0]))];
}

/** A value of `size` characters, or a list of `size` items, as the field's kind takes it. */
function sized(field: ProfileField, size: number): unknown {
  const spec = PROFILE_FIELDS[field];
  if (spec.kind === 'skills') return Array.from({ length: size }, (_, i) => `skill-${i}`);
  if (spec.kind === 'experiences') return Array.from({ length: size }, () => ({ title: 'A' }));
  if (spec.kind === 'education') return Array.from({ length: size }, () => ({ school: 'S' }));
  if (spec.kind === 'url') {
    const base = 'https://profiles.example/';
    return `${base}${'x'.repeat(size - base.length)}`;
  }
  return 'x'.repeat(size);
}

describe('the profile request rules derived from PROFILE_FIELDS', () => {
  const fields = Object.keys(PROFILE_FIELDS) as ProfileField[];

  it('give every field of the table a rule on the create and the patch body', () => {
    const storage = getMetadataStorage();
    for (const dto of [CreateProfileDto, UpdateProfileDto]) {
      const ruled = new Set(
        storage.getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName),
      );
      const expected = dto === UpdateProfileDto ? fields.filter((f) => f !== 'publicId') : fields;
      expect(expected.filter((field) => !ruled.has(field))).toEqual([]);
    }
  });

  it.each(
    fields.filter((field) => 'max' in PROFILE_FIELDS[field] || 'maxItems' in PROFILE_FIELDS[field]),
  )('%s: takes its declared bound and refuses one more', async (field) => {
    const spec: ProfileFieldSpec = PROFILE_FIELDS[field];
    const bound = spec.maxItems ?? spec.max!;
    expect(await refused({ [field]: sized(field, bound) })).toEqual([]);
    expect(await refused({ [field]: sized(field, bound + 1) })).toEqual([field]);
  });

  it('requires what the table requires, and only that', async () => {
    const required = fields.filter((field) => 'required' in PROFILE_FIELDS[field]);
    expect(required).toEqual(['publicId', 'fullName']);
    for (const field of required) {
      expect(await refused({ [field]: undefined })).toEqual([field]);
    }
    expect(await refused({ skills: ['x'.repeat(PROFILE_FIELDS.skills.maxLength + 1)] })).toEqual([
      'skills',
    ]);
  });
});
