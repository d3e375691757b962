import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes at or above this would bias `byte % 62`; they are drawn again. */
const UNBIASED_LIMIT = 256 - (256 % BASE62.length);

/** Length of the public lookup part of a key. */
export const API_KEY_PREFIX_LENGTH = 8;
/** Length of the secret part: 32 base62 characters ≈ 190 bits. */
export const API_KEY_SECRET_LENGTH = 32;
/** Tag every key starts with, so secret scanners and people can recognise one. */
export const API_KEY_TAG = 'sk';

const KEY_LENGTH = API_KEY_TAG.length + 1 + API_KEY_PREFIX_LENGTH + 1 + API_KEY_SECRET_LENGTH;
const KEY_PATTERN = new RegExp(
  `^${API_KEY_TAG}_([0-9A-Za-z]{${API_KEY_PREFIX_LENGTH}})_[0-9A-Za-z]{${API_KEY_SECRET_LENGTH}}$`,
);
const PREFIX_PATTERN = new RegExp(`^[0-9A-Za-z]{${API_KEY_PREFIX_LENGTH}}$`);

/** `length` characters of base62 from the CSPRNG, without modulo bias. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += BASE62[byte % BASE62.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * A new key, `sk_<prefix>_<secret>`. The prefix is the lookup id (stored in clear, indexed);
 * the whole key is only ever stored as an HMAC. Base62 only, so a key survives copy-paste,
 * URLs and shell quoting, and `_` can separate its parts.
 */
export function generateApiKey(): { key: string; prefix: string } {
  const prefix = randomBase62(API_KEY_PREFIX_LENGTH);
  return {
    key: `${API_KEY_TAG}_${prefix}_${randomBase62(API_KEY_SECRET_LENGTH)}`,
    prefix,
  };
}

/** The prefix of a well-formed key, or undefined: malformed input never reaches the database. */
export function apiKeyPrefix(presented: string): string | undefined {
  if (presented.length !== KEY_LENGTH) return undefined;
  return KEY_PATTERN.exec(presented)?.[1];
}

/** Whether `value` has the shape of a key prefix (as the CLI accepts it for `revoke`). */
export function isApiKeyPrefix(value: string): boolean {
  return PREFIX_PATTERN.test(value);
}
