import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SECRET_BYTES, SECRET_PREFIX } from './webhooks.constants';

const VERSION = 'v1';
const IV_BYTES = 12;

interface BoxKey {
  id: string;
  key: Buffer;
}

/** A new Standard Webhooks signing secret: `whsec_` and base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * Encrypts webhook signing secrets at rest with AES-256-GCM under `WEBHOOK_SECRET_KEY`. The key
 * rotates like Scout's other secrets: the newest entry encrypts, every entry still decrypts what
 * it encrypted (each ciphertext names its key by a short fingerprint, never by value). A tampered
 * ciphertext or one from an unknown key fails to open instead of yielding a wrong secret.
 */
export class SecretBox {
  private readonly keys: readonly BoxKey[];

  constructor(entries: readonly string[]) {
    if (entries.length === 0) throw new Error('SecretBox needs at least one key');
    this.keys = entries.map((entry) => ({
      id: createHash('sha256').update(`webhook-key-id:${entry}`).digest('hex').slice(0, 8),
      key: createHash('sha256').update(entry).digest(),
    }));
  }

  /** Encrypts under the newest key: `v1.<key id>.<iv>.<tag>.<ciphertext>`. */
  seal(plaintext: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, id, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Decrypts with the key the ciphertext names; throws when it is unknown or the text was altered. */
  open(ciphertext: string): string {
    const [version, id, iv, tag, sealed, extra] = ciphertext.split('.');
    if (version !== VERSION || !id || !iv || !tag || sealed === undefined || extra !== undefined) {
      throw new Error('not a webhook secret ciphertext');
    }
    const entry = this.keys.find((candidate) => candidate.id === id);
    if (!entry) throw new Error('webhook secret sealed with a key no longer configured');
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
