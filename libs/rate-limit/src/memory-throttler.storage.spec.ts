import { MemoryThrottlerStorage, toRecord } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('counts hits in a fixed window and blocks past the limit until the window ends', () => {
    const storage = new MemoryThrottlerStorage(clock);
    expect(storage.hit('k', 10_000, 2)).toMatchObject({ totalHits: 1, isBlocked: false });
    now += 4_000;
    expect(storage.hit('k', 10_000, 2)).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(storage.hit('k', 10_000, 2)).toEqual({
      totalHits: 3,
      timeToExpire: 6,
      isBlocked: true,
      timeToBlockExpire: 6,
    });
    now += 6_000;
    expect(storage.hit('k', 10_000, 2)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps keys apart', () => {
    const storage = new MemoryThrottlerStorage(clock);
    storage.hit('a', 10_000, 1);
    storage.hit('a', 10_000, 1);
    expect(storage.hit('b', 10_000, 1)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('holds one record per key however many hits, and sweeps expired windows', () => {
    const storage = new MemoryThrottlerStorage(clock);
    for (let i = 0; i < 1_000; i++) storage.hit('busy', 1_000, 10);
    for (let i = 0; i < 50; i++) storage.hit(`idle-${i}`, 1_000, 10);
    expect(storage.size).toBe(51);
    now += 120_000;
    storage.hit('later', 1_000, 10);
    expect(storage.size).toBe(1);
  });
});

describe('toRecord', () => {
  it('rounds the remaining window up to whole seconds, at least one', () => {
    expect(toRecord(1, 1, 5).timeToExpire).toBe(1);
    expect(toRecord(1, 1_001, 5).timeToExpire).toBe(2);
    expect(toRecord(6, 0, 5)).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
  });
});
