import { Schema } from 'mongoose';
import { checkIndexCoverage, declaredIndexes, type QueryShape, servesPath } from './query-shapes';

function shape(partial: Omit<QueryShape, 'collection' | 'examples'>): QueryShape {
  return { collection: 'people', examples: [{ filter: {} }], ...partial };
}

const plain = (key: Record<string, 1 | -1>) => ({ key, unique: false });

describe('servesPath (equality → sort → range)', () => {
  const listByCountry = shape({
    name: 'people.byCountry',
    equality: ['country'],
    sort: [
      ['updatedAt', -1],
      ['_id', -1],
    ],
    range: ['updatedAt', '_id'],
  });

  it('accepts equality, then the sort in either direction, then ranges', () => {
    expect(servesPath(plain({ country: 1, updatedAt: -1, _id: -1 }), listByCountry)).toBe(true);
    expect(servesPath(plain({ country: 1, updatedAt: 1, _id: 1 }), listByCountry)).toBe(true);
  });

  it('rejects a mixed direction, a missing equality prefix or sort keys out of order', () => {
    expect(servesPath(plain({ country: 1, updatedAt: -1, _id: 1 }), listByCountry)).toBe(false);
    expect(servesPath(plain({ updatedAt: -1, _id: -1 }), listByCountry)).toBe(false);
    expect(servesPath(plain({ updatedAt: -1, country: 1, _id: -1 }), listByCountry)).toBe(false);
  });

  it('wants a range that is not a sort key after the sort keys, not before', () => {
    const since = shape({ name: 'people.since', sort: [['name', 1]], range: ['updatedAt'] });
    expect(servesPath(plain({ name: 1, updatedAt: -1 }), since)).toBe(true);
    expect(servesPath(plain({ updatedAt: -1, name: 1 }), since)).toBe(false);
    expect(servesPath(plain({ name: 1 }), since)).toBe(false);
  });

  it('takes a range before the sort only where the shape says why it sorts in memory', () => {
    const search = { name: 'people.search', sort: [['updatedAt', -1]] as const, range: ['terms'] };
    const index = plain({ terms: 1, updatedAt: -1 });
    expect(servesPath(index, shape(search))).toBe(false);
    expect(servesPath(index, shape({ ...search, sortInMemory: 'terms are selective' }))).toBe(true);
  });

  it('lets a unique index on some equality fields serve a point lookup with more conditions', () => {
    const atVersion = shape({ name: 'people.atVersion', equality: ['_id', 'version'] });
    expect(servesPath({ key: { _id: 1 }, unique: true }, atVersion)).toBe(true);
    expect(servesPath({ key: { _id: 1 }, unique: false }, atVersion)).toBe(false);
  });
});

describe('checkIndexCoverage', () => {
  const schema = new Schema({ publicId: String, name: String }, { collection: 'people' });
  schema.index({ publicId: 1 }, { unique: true });
  schema.index({ name: 1, _id: 1 });
  const indexes = declaredIndexes([{ schema }]);
  const byPublicId = shape({
    name: 'people.byPublicId',
    equality: ['publicId'],
    index: { publicId: 1 },
  });
  const byName = shape({ name: 'people.byName', sort: [['name', 1]], index: { name: 1, _id: 1 } });

  it('reads the schema indexes and adds the implicit _id index', () => {
    expect(indexes).toEqual([
      { collection: 'people', key: { _id: 1 }, unique: true },
      { collection: 'people', key: { publicId: 1 }, unique: true },
      { collection: 'people', key: { name: 1, _id: 1 }, unique: false },
    ]);
  });

  it('passes when every shape is served by its index and every index serves a shape', () => {
    expect(checkIndexCoverage([byPublicId, byName], indexes)).toEqual([]);
  });

  it('names a shape whose index is not declared, or does not serve it in ESR order', () => {
    const byCity = shape({ name: 'people.byCity', equality: ['city'], index: { city: 1 } });
    const byNameDesc = shape({
      name: 'people.byNameDesc',
      sort: [
        ['name', -1],
        ['_id', 1],
      ],
      index: { name: 1, _id: 1 },
    });
    expect(checkIndexCoverage([byPublicId, byName, byCity, byNameDesc], indexes)).toEqual([
      'shape people.byCity names people: {"city":1}, which no schema declares',
      'shape people.byNameDesc is not served by people: {"name":1,"_id":1} in ESR order',
    ]);
  });

  it('needs a served index for every branch of an $or', () => {
    const byRef = shape({
      name: 'people.byRef',
      anyOf: [
        { equality: ['_id'], index: { _id: 1 } },
        { equality: ['email'], index: { name: 1, _id: 1 } },
      ],
    });
    expect(checkIndexCoverage([byPublicId, byName, byRef], indexes)).toEqual([
      'shape people.byRef is not served by people: {"name":1,"_id":1} in ESR order',
    ]);
  });

  it('names an index no shape uses, unless it is exempt with a reason', () => {
    expect(checkIndexCoverage([byPublicId], indexes)).toEqual([
      'index people: {"name":1,"_id":1} serves no declared query shape',
    ]);
    const exempt = { collection: 'people', key: { name: 1 as const, _id: 1 as const } };
    expect(
      checkIndexCoverage([byPublicId], indexes, [{ ...exempt, reason: 'kept for operators' }]),
    ).toEqual([]);
    expect(checkIndexCoverage([byPublicId], indexes, [{ ...exempt, reason: ' ' }])).toEqual([
      'exemption of people: {"name":1,"_id":1} gives no reason',
    ]);
  });

  it('rejects a shape without an index, one that selects nothing, and a name declared twice', () => {
    const noIndex = shape({ name: 'people.noIndex', equality: ['publicId'] });
    const everything = shape({ name: 'people.byPublicId' });
    expect(checkIndexCoverage([byPublicId, byName, noIndex, everything], indexes)).toEqual([
      'shape people.noIndex names no index',
      'shape people.byPublicId is declared twice',
      'shape people.byPublicId declares no equality, sort or range',
    ]);
  });
});
