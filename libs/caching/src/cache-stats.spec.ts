import { CacheStats } from './cache-stats';

describe('CacheStats', () => {
  it('counts per level, per namespace and in total', () => {
    const stats = new CacheStats();
    stats.record('l1', 'hits', 'profile');
    stats.record('l1', 'hits', 'profile');
    stats.record('l2', 'misses', 'company');
    stats.record('l2', 'errors');
    stats.recordLoad('company');

    const snap = stats.snapshot();
    expect(snap.l1).toEqual({ hits: 2, misses: 0, stale: 0, errors: 0 });
    expect(snap.l2).toEqual({ hits: 0, misses: 1, stale: 0, errors: 1 });
    expect(snap.loads).toBe(1);
    expect(snap.namespaces.profile.l1.hits).toBe(2);
    expect(snap.namespaces.company).toEqual({
      l1: { hits: 0, misses: 0, stale: 0, errors: 0 },
      l2: { hits: 0, misses: 1, stale: 0, errors: 0 },
      loads: 1,
    });
  });

  it('snapshots are copies that later counting does not change', () => {
    const stats = new CacheStats();
    stats.record('l1', 'stale', 'profile');
    const before = stats.snapshot();
    stats.record('l1', 'stale', 'profile');
    stats.recordLoad('profile');
    expect(before.l1.stale).toBe(1);
    expect(before.namespaces.profile.l1.stale).toBe(1);
    expect(before.namespaces.profile.loads).toBe(0);
    expect(stats.snapshot().namespaces.profile.l1.stale).toBe(2);
  });

  it('starts empty', () => {
    expect(new CacheStats().snapshot()).toEqual({
      l1: { hits: 0, misses: 0, stale: 0, errors: 0 },
      l2: { hits: 0, misses: 0, stale: 0, errors: 0 },
      loads: 0,
      namespaces: {},
    });
  });
});
