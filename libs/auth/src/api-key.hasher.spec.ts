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
  const hasher = new ApiKeyHasher([SECRET]);

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
    expect(new ApiKeyHasher([`${SECRET}!`]).hash(KEY)).not.toBe(hasher.hash(KEY));
    expect(new ApiKeyHasher([`${SECRET}!`]).verify(KEY, hasher.hash(KEY))).toBe('none');
  });

  it('matches the right key and rejects any other', () => {
    const hash = hasher.hash(KEY);
    expect(hasher.verify(KEY, hash)).toBe('current');
    expect(hasher.verify(`${KEY.slice(0, -1)}G`, hash)).toBe('none');
    expect(hasher.verify('', hash)).toBe('none');
  });

  it('compares digests with crypto.timingSafeEqual, never with ===', () => {
    const fresh = new ApiKeyHasher([SECRET]);
    const hash = fresh.hash(KEY);
    const compare = jest.mocked(timingSafeEqual);
    compare.mockClear();
    const presented = [KEY, 'sk_AbCd1234_wrongwrongwrongwrongwrongwrongwr', KEY, `${KEY}x`];
    expect(presented.map((key) => fresh.verify(key, hash))).toEqual([
      'current',
      'none',
      'current',
      'none',
    ]);
    // The first check of each presented key (and every failed remembered one) compares once more.
    expect(compare.mock.calls.length).toBeGreaterThanOrEqual(presented.length);
    for (const [a, b] of compare.mock.calls) {
      expect(Buffer.isBuffer(a) && Buffer.isBuffer(b)).toBe(true);
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('remembers a verified key (as SHA-256) and skips the HMAC for it, for nothing else', () => {
    const fresh = new ApiKeyHasher([SECRET]);
    const hash = fresh.hash(KEY);
    const hmacs = jest.mocked(createHmac);
    hmacs.mockClear();
    expect(fresh.verify(KEY, hash)).toBe('current');
    expect(hmacs).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i += 1) expect(fresh.verify(KEY, hash)).toBe('current');
    expect(hmacs).toHaveBeenCalledTimes(1);
    // A different key for the same stored hash falls through to the HMAC, and fails.
    expect(fresh.verify(`${KEY.slice(0, -1)}G`, hash)).toBe('none');
    expect(hmacs).toHaveBeenCalledTimes(2);
    // What is remembered for one stored hash says nothing about another.
    const other = 'sk_ZzZz9999_abcdefghijklmnopqrstuvwxyzABCDEF';
    expect(fresh.verify(KEY, fresh.hash(other))).toBe('none');
    expect(fresh.verify(other, hash)).toBe('none');
  });

  it('rejects a corrupt stored hash without throwing', () => {
    expect(hasher.verify(KEY, 'not-hex')).toBe('none');
    expect(hasher.verify(KEY, hasher.hash(KEY).slice(0, 62))).toBe('none');
  });

  describe('with rotated secrets (newest first)', () => {
    const OLD = 'an-older-secret-of-at-least-32-characters';
    const rotated = new ApiKeyHasher([SECRET, OLD]);

    it('hashes with the newest secret only', () => {
      expect(rotated.hash(KEY)).toBe(new ApiKeyHasher([SECRET]).hash(KEY));
    });

    it('verifies a hash made with an older secret as outdated, one made with the newest as current', () => {
      const oldHash = new ApiKeyHasher([OLD]).hash(KEY);
      expect(new ApiKeyHasher([SECRET, OLD]).verify(KEY, oldHash)).toBe('outdated');
      expect(new ApiKeyHasher([SECRET, OLD]).verify(KEY, rotated.hash(KEY))).toBe('current');
      // Remembered verifications keep saying which secret matched.
      expect(rotated.verify(KEY, oldHash)).toBe('outdated');
      expect(rotated.verify(KEY, oldHash)).toBe('outdated');
      expect(rotated.verify(`${KEY.slice(0, -1)}G`, oldHash)).toBe('none');
    });

    it('refuses a hash made with a secret no longer listed', () => {
      const oldHash = new ApiKeyHasher([OLD]).hash(KEY);
      expect(new ApiKeyHasher([SECRET]).verify(KEY, oldHash)).toBe('none');
    });

    it('cannot be built without a secret', () => {
      expect(() => new ApiKeyHasher([])).toThrow();
    });
  });
});
