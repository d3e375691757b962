import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('stores and returns values', () => {
    const lru = new LruCache<number>(3);
    lru.set('a', 1);
    expect(lru.get('a')).toBe(1);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.has('a')).toBe(true);
    expect(lru.size).toBe(1);
  });

  it('never holds more than maxEntries and evicts the least recently set first', () => {
    const lru = new LruCache<number>(3);
    for (let i = 0; i < 10; i++) lru.set(`k${i}`, i);
    expect(lru.size).toBe(3);
    expect(lru.keys()).toEqual(['k7', 'k8', 'k9']);
  });

  it('a read makes a key most recently used, so it survives the next eviction', () => {
    const lru = new LruCache<number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4);
    expect(lru.keys()).toEqual(['c', 'a', 'd']);
    expect(lru.has('b')).toBe(false);
  });

  it('peek does not change recency', () => {
    const lru = new LruCache<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.peek('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.has('a')).toBe(false);
    expect(lru.keys()).toEqual(['b', 'c']);
  });

  it('overwriting a key replaces its value, refreshes it and does not grow the cache', () => {
    const lru = new LruCache<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('a', 10);
    expect(lru.size).toBe(2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(10);
    expect(lru.has('b')).toBe(false);
  });

  it('delete and clear remove entries', () => {
    const lru = new LruCache<number>(5);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.delete('a')).toBe(true);
    expect(lru.delete('a')).toBe(false);
    expect(lru.keys()).toEqual(['b']);
    lru.clear();
    expect(lru.size).toBe(0);
  });

  it('keeps falsy values', () => {
    const lru = new LruCache<number | null>(2);
    lru.set('zero', 0);
    lru.set('null', null);
    expect(lru.get('zero')).toBe(0);
    expect(lru.get('null')).toBeNull();
    expect(lru.has('null')).toBe(true);
  });

  it('works with a bound of one', () => {
    const lru = new LruCache<string>(1);
    lru.set('a', 'x');
    lru.set('b', 'y');
    expect(lru.keys()).toEqual(['b']);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxEntries %p', (max) => {
    expect(() => new LruCache(max)).toThrow(RangeError);
  });
});
