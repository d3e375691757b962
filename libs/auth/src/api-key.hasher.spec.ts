import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiKeyHasher } from './api-key.hasher';

// The real comparison, observed: the test proves the hasher goes through it.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return {
    ...actual,
    timingSafeEqual: jest.fn(actual.timingSafeEqual),
    createHmac: jest.fn(actual.createHmac),
  };
});

const SECRET = 'a-secret-of-at-least-32-characters-long';
const KEY = 'sk_AbCd1234_abcdefghijklmnopqrstuvwxyzABCDEF';

describe('ApiKeyHasher', () => {
  const hasher = new ApiKeyHasher(SECRET);

  beforeEach(() => {
    jest.mocked(timingSafeEqual).mockClear();
    jest.mocked(createHmac).mockClear();
  });

  it('stores HMAC-SHA256 under the server secret, never the key', () => {
    const hash = hasher.hash(KEY);
    expect(hash).toBe(
      jest
        .requireActual<typeof import('node:crypto')>('node:crypto')
        .createHmac('sha256', SECRET)
        .update(KEY)
        .digest('hex'),
    );
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('AbCd1234');
  });

  it('depends on the secret: another deployment cannot check our hashes', () => {
    expect(new ApiKeyHasher(`${SECRET}!`).hash(KEY)).not.toBe(hasher.hash(KEY));
    expect(new ApiKeyHasher(`${SECRET}!`).matches(KEY, hasher.hash(KEY))).toBe(false);
  });

  it('matches the right key and rejects any other', () => {
    const hash = hasher.hash(KEY);
    expect(hasher.matches(KEY, hash)).toBe(true);
    expect(hasher.matches(`${KEY.slice(0, -1)}G`, hash)).toBe(false);
    expect(hasher.matches('', hash)).toBe(false);
  });

  it('compares digests with crypto.timingSafeEqual, never with ===', () => {
    const fresh = new ApiKeyHasher(SECRET);
    const hash = fresh.hash(KEY);
    const compare = jest.mocked(timingSafeEqual);
    compare.mockClear();
    const presented = [KEY, 'sk_AbCd1234_wrongwrongwrongwrongwrongwrongwr', KEY, `${KEY}x`];
    expect(presented.map((key) => fresh.matches(key, hash))).toEqual([true, false, true, false]);
    // The first check of each presented key (and every failed remembered one) compares once more.
    expect(compare.mock.calls.length).toBeGreaterThanOrEqual(presented.length);
    for (const [a, b] of compare.mock.calls) {
      expect(Buffer.isBuffer(a) && Buffer.isBuffer(b)).toBe(true);
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('remembers a verified key (as SHA-256) and skips the HMAC for it, for nothing else', () => {
    const fresh = new ApiKeyHasher(SECRET);
    const hash = fresh.hash(KEY);
    const hmacs = jest.mocked(createHmac);
    hmacs.mockClear();
    expect(fresh.matches(KEY, hash)).toBe(true);
    expect(hmacs).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i += 1) expect(fresh.matches(KEY, hash)).toBe(true);
    expect(hmacs).toHaveBeenCalledTimes(1);
    // A different key for the same stored hash falls through to the HMAC, and fails.
    expect(fresh.matches(`${KEY.slice(0, -1)}G`, hash)).toBe(false);
    expect(hmacs).toHaveBeenCalledTimes(2);
    // What is remembered for one stored hash says nothing about another.
    const other = 'sk_ZzZz9999_abcdefghijklmnopqrstuvwxyzABCDEF';
    expect(fresh.matches(KEY, fresh.hash(other))).toBe(false);
    expect(fresh.matches(other, hash)).toBe(false);
  });

  it('rejects a corrupt stored hash without throwing', () => {
    expect(hasher.matches(KEY, 'not-hex')).toBe(false);
    expect(hasher.matches(KEY, hasher.hash(KEY).slice(0, 62))).toBe(false);
  });
});
