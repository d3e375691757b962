import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Keys whose verification a hasher remembers; past it the memory starts over (keys are few). */
const MAX_REMEMBERED = 10_000;

/**
 * Hashes keys with HMAC-SHA256 under a server-side secret: a leaked `api_keys` collection (or
 * Redis cache) holds nothing that works as a key or can be brute-forced without the secret.
 * Keys carry ~190 random bits, so a fast keyed hash is enough; no password-style stretching.
 *
 * Verification runs on every request, and an HMAC costs a few microseconds there, so once a key
 * has verified against a stored hash the hasher remembers the key's SHA-256 (never the key) for
 * that hash; later requests compare a one-shot SHA-256, in constant time. Anything that does not
 * match the memory takes the full HMAC path, so the memory can only say yes to the exact key
 * that already passed the HMAC.
 */
export class ApiKeyHasher {
  private readonly secret: Buffer;
  /** Stored hash → SHA-256 of the key that verified against it in this process. */
  private readonly verified = new Map<string, Buffer>();

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
    const known = this.verified.get(storedHash);
    if (known && timingSafeEqual(hash('sha256', key, 'buffer'), known)) return true;
    const expected = Buffer.from(storedHash, 'hex');
    const actual = this.digest(key);
    const valid = expected.length === actual.length && timingSafeEqual(actual, expected);
    if (valid) this.remember(storedHash, key);
    return valid;
  }

  private remember(storedHash: string, key: string): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
    this.verified.set(storedHash, hash('sha256', key, 'buffer'));
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.secret).update(key, 'utf8').digest();
  }
}
