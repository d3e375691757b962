import { createEntry, decodeEntry, encodeEntry, entryState } from './cache-entry';
import { toSharedValue } from './shared-value';

describe('cache entries', () => {
  it('are fresh for the ttl, then stale for the grace, then expired', () => {
    const entry = createEntry({ a: 1 }, 100, 50, 1_000);
    expect(entryState(entry, 1_000)).toBe('fresh');
    expect(entryState(entry, 1_099)).toBe('fresh');
    expect(entryState(entry, 1_100)).toBe('stale');
    expect(entryState(entry, 1_149)).toBe('stale');
    expect(entryState(entry, 1_150)).toBe('expired');
  });

  it('without grace go straight from fresh to expired', () => {
    const entry = createEntry(null, 100, 0, 0);
    expect(entryState(entry, 99)).toBe('fresh');
    expect(entryState(entry, 100)).toBe('expired');
  });

  it('survive the Redis round trip, null included', () => {
    for (const value of [{ name: 'Ada', skills: ['x'] }, null, 0, 'text', [1, 2]]) {
      const shared = toSharedValue(value);
      const entry = createEntry(shared.value, 1_000, 500, 42);
      expect(decodeEntry(encodeEntry(entry, shared.json))).toEqual(entry);
    }
  });

  it('decode to deep-frozen values', () => {
    const shared = toSharedValue({ nested: { list: [1] } });
    const decoded = decodeEntry(encodeEntry(createEntry(shared.value, 1, 1, 0), shared.json));
    const value = decoded?.value as { nested: { list: number[] } };
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.nested.list)).toBe(true);
  });

  it.each([
    '',
    'not json',
    '42',
    '[]',
    '{"f":1,"s":2}',
    '{"f":"1","s":2,"v":1}',
    '{"f":5,"s":1,"v":1}',
  ])('read %p as a miss', (raw) => {
    expect(decodeEntry(raw)).toBeUndefined();
  });
});

describe('toSharedValue', () => {
  it('hands out the JSON shape, so every cache level returns the same thing', () => {
    const shared = toSharedValue({ at: new Date('2024-01-02T03:04:05.000Z'), gone: undefined });
    expect(shared.value).toEqual({ at: '2024-01-02T03:04:05.000Z' });
    expect(shared.json).toBe('{"at":"2024-01-02T03:04:05.000Z"}');
  });

  it('freezes the value so one caller cannot change what the next one reads', () => {
    const shared = toSharedValue({ list: [{ a: 1 }] });
    expect(() => {
      (shared.value as { list: Array<{ a: number }> }).list[0].a = 2;
    }).toThrow(TypeError);
  });

  it('treats undefined as not found', () => {
    expect(toSharedValue(undefined)).toEqual({ json: 'null', value: null });
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => toSharedValue(() => 1)).toThrow(TypeError);
    expect(() => toSharedValue({ n: 1n })).toThrow(TypeError);
  });
});
