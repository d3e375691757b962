import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Hashes keys with HMAC-SHA256 under a server-side secret: a leaked `api_keys` collection (or
 * Redis cache) holds nothing that works as a key or can be brute-forced without the secret.
 * Keys carry ~190 random bits, so a fast keyed hash is enough; no password-style stretching.
 */
export class ApiKeyHasher {
  private readonly secret: Buffer;

  constructor(secret: string) {
    this.secret = Buffer.from(secret, 'utf8');
  }

  /** The stored form of `key`: 64 hex characters. */
  hash(key: string): string {
    return this.digest(key).toString('hex');
  }

  /**
   * Whether `key` hashes to `storedHash`, compared in constant time so the response time says
   * nothing about how much of a guess was right.
   */
  matches(key: string, storedHash: string): boolean {
    const expected = Buffer.from(storedHash, 'hex');
    const actual = this.digest(key);
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.secret).update(key, 'utf8').digest();
  }
}
