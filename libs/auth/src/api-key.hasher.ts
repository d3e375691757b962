import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Keys whose verification a hasher remembers; past it the memory starts over (keys are few). */
const MAX_REMEMBERED = 10_000;

/**
 * How a presented key relates to a stored hash: made with the newest secret (`current`), with
 * an older one still in the list (`outdated`: valid, and due for a re-hash), or no match.
 */
export type KeyMatch = 'current' | 'outdated' | 'none';

/**
 * Hashes keys with HMAC-SHA256 under a server-side secret: a leaked `api_keys` collection (or
 * Redis cache) holds nothing that works as a key or can be brute-forced without the secret.
 * Keys carry ~190 random bits, so a fast keyed hash is enough; no password-style stretching.
 *
 * Secrets rotate: the hasher holds a list, newest first. New hashes always use the newest;
 * a stored hash made with an older one still verifies (as `outdated`) until that secret leaves
 * the list, so keys keep working while they are re-hashed on use.
 *
 * Verification runs on every request, and an HMAC costs a few microseconds there, so once a key
 * has verified against a stored hash the hasher remembers the key's SHA-256 (never the key) for
 * that hash; later requests compare a one-shot SHA-256, in constant time. Anything that does not
 * match the memory takes the full HMAC path, so the memory can only say yes to the exact key
 * that already passed the HMAC.
 */
export class ApiKeyHasher {
  private readonly secrets: readonly Buffer[];
  /** Stored hash → SHA-256 of the key that verified against it in this process, and how. */
  private readonly verified = new Map<string, { digest: Buffer; match: KeyMatch }>();

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('ApiKeyHasher needs at least one secret');
    this.secrets = secrets.map((secret) => Buffer.from(secret, 'utf8'));
  }

  /** The stored form of `key` under the newest secret: 64 hex characters. */
  hash(key: string): string {
    return this.digest(this.secrets[0], key).toString('hex');
  }

  /**
   * Whether `key` hashes to `storedHash` under any of the secrets, and under which kind. Each
   * comparison is constant-time, so the response time says nothing about how much of a guess
   * was right.
   */
  verify(key: string, storedHash: string): KeyMatch {
    const known = this.verified.get(storedHash);
    if (known && timingSafeEqual(hash('sha256', key, 'buffer'), known.digest)) return known.match;
    const expected = Buffer.from(storedHash, 'hex');
    for (const [index, secret] of this.secrets.entries()) {
      const actual = this.digest(secret, key);
      if (expected.length === actual.length && timingSafeEqual(actual, expected)) {
        const match = index === 0 ? 'current' : 'outdated';
        this.remember(storedHash, key, match);
        return match;
      }
    }
    return 'none';
  }

  private remember(storedHash: string, key: string, match: KeyMatch): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
    this.verified.set(storedHash, { digest: hash('sha256', key, 'buffer'), match });
  }

  private digest(secret: Buffer, key: string): Buffer {
    return createHmac('sha256', secret).update(key, 'utf8').digest();
  }
}
