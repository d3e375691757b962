import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiKeyHasher } from './api-key.hasher';

// The real comparison, observed: the test proves the hasher goes through it.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const SECRET = 'a-secret-of-at-least-32-characters-long';
const KEY = 'sk_AbCd1234_abcdefghijklmnopqrstuvwxyzABCDEF';

describe('ApiKeyHasher', () => {
  const hasher = new ApiKeyHasher(SECRET);

  beforeEach(() => {
    jest.mocked(timingSafeEqual).mockClear();
  });

  it('stores HMAC-SHA256 under the server secret, never the key', () => {
    const hash = hasher.hash(KEY);
    expect(hash).toBe(createHmac('sha256', SECRET).update(KEY).digest('hex'));
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
    const compare = jest.mocked(timingSafeEqual);
    const hash = hasher.hash(KEY);
    expect(hasher.matches(KEY, hash)).toBe(true);
    expect(hasher.matches('sk_AbCd1234_wrongwrongwrongwrongwrongwrongwr', hash)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
    for (const [a, b] of compare.mock.calls) {
      expect(Buffer.isBuffer(a) && Buffer.isBuffer(b)).toBe(true);
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('rejects a corrupt stored hash without throwing', () => {
    expect(hasher.matches(KEY, 'not-hex')).toBe(false);
    expect(hasher.matches(KEY, hasher.hash(KEY).slice(0, 62))).toBe(false);
  });
});
