import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scout/config';

/** What a hash stands for; part of the hashed text, so equal values of two kinds never collide. */
export type HashedKind = 'publicId' | 'url' | 'profile';

/** A publicId as Scout compares them: trimmed, lower case. */
export function normalizePublicId(publicId: string): string {
  return publicId.trim().toLowerCase();
}

/**
 * A profile URL as Scout compares them: host and path, lower case, without scheme, query,
 * fragment or trailing slash, so `https://Site/in/Ann/?x` and `http://site/in/ann` are one
 * person. A value that is not a URL is compared as its trimmed lower-case text.
 */
export function normalizeUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.host}${parsed.pathname}`.toLowerCase().replace(/\/+$/, '');
  } catch {
    return url.trim().toLowerCase();
  }
}

/**
 * Keyed hashes (HMAC-SHA256, hex) of a person's identifiers: what the suppression list and the
 * erasure receipts store instead of the identifiers. The key list rotates like API_KEY_SECRET:
 * the newest entry hashes everything new, every entry is tried when looking up.
 */
@Injectable()
export class PersonHasher {
  private readonly secrets: readonly string[];

  constructor(config: AppConfig) {
    this.secrets = config.privacy.suppressionSecrets;
  }

  /** The hash stored for a new entry (newest secret). */
  hash(kind: HashedKind, value: string): string {
    return this.hashWith(this.secrets[0], kind, value);
  }

  /** The hashes an entry of this value may have been stored under, one per secret. */
  candidates(kind: HashedKind, value: string): string[] {
    return this.secrets.map((secret) => this.hashWith(secret, kind, value));
  }

  private hashWith(secret: string, kind: HashedKind, value: string): string {
    const normalized = kind === 'url' ? normalizeUrl(value) : normalizePublicId(value);
    return createHmac('sha256', secret).update(`${kind}:${normalized}`).digest('hex');
  }
}
