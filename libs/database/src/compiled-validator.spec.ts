import { Schema } from 'mongoose';
import { chunkOperations } from './bulk-writer';
import { compileValidator } from './compiled-validator';

const address = new Schema(
  { city: { type: String, maxlength: 5 }, country: { type: String, match: /^[A-Z]{2}$/ } },
  { _id: false },
);
const job = new Schema(
  { title: { type: String, required: true }, year: { type: Number, min: 1900 } },
  { _id: false },
);
const schema = new Schema({
  name: { type: String, required: true, minlength: 2 },
  kind: { type: String, enum: ['a', 'b'] },
  address: { type: address },
  jobs: {
    type: [job],
    validate: { validator: (v: unknown[]) => v.length <= 2, message: 'at most 2' },
  },
  tags: { type: [{ type: String, maxlength: 3 }] },
});
const validate = compileValidator(schema);

describe('compileValidator', () => {
  it('passes a document that keeps every rule', () => {
    expect(
      validate({ name: 'Ada', kind: 'a', address: { city: 'Oslo', country: 'NO' }, jobs: [] }),
    ).toBeNull();
  });

  it('reports every broken rule by path, as Mongoose names it, nested ones included', () => {
    const error = validate({
      kind: 'c',
      address: { city: 'Stockholm', country: 'se' },
      jobs: [{ title: 'x', year: 1800 }, {}, { title: 'y' }],
      tags: ['ok', 'toolong'],
    });
    const kinds = Object.fromEntries(
      Object.entries(error?.errors ?? {}).map(([path, e]) => [path, (e as { kind: string }).kind]),
    );
    expect(kinds).toEqual({
      name: 'required',
      kind: 'enum',
      'address.city': 'maxlength',
      'address.country': 'regexp',
      jobs: 'user defined',
      'tags.1': 'maxlength',
    });
    expect(error?.errors.jobs.message).toBe('at most 2');
  });

  it('checks each element of a document array', () => {
    const error = validate({ name: 'Ada', jobs: [{ title: 'x', year: 1800 }, {}] });
    expect(Object.keys(error?.errors ?? {}).sort()).toEqual(['jobs.0.year', 'jobs.1.title']);
  });
});

describe('chunkOperations', () => {
  const isUpdate = (op: string) => op.startsWith('u');

  it('puts at most `limit` counted operations in a chunk; the others ride along', () => {
    const ops = ['u1', 'i1', 'u2', 'u3', 'i2', 'u4', 'u5', 'i3'];
    expect(chunkOperations(ops, 2, isUpdate)).toEqual([
      ['u1', 'i1', 'u2'],
      ['u3', 'i2', 'u4'],
      ['u5', 'i3'],
    ]);
  });

  it('keeps everything in one chunk when the limit is unbounded', () => {
    const ops = Array.from({ length: 1_000 }, (_, i) => `u${i}`);
    expect(chunkOperations(ops, Number.POSITIVE_INFINITY, isUpdate)).toEqual([ops]);
  });
});
