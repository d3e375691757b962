import { Webhook } from 'standardwebhooks';
import { generateSigningSecret, SecretBox } from './secret-box';

const OLD = 'old-webhook-secret-key-of-at-least-32-characters';
const NEW = 'new-webhook-secret-key-of-at-least-32-characters';

describe('generateSigningSecret', () => {
  it('makes distinct Standard Webhooks secrets that the library accepts', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateSigningSecret()).not.toBe(secret);
    const signer = new Webhook(secret);
    const now = new Date();
    const signature = signer.sign('evt_1', now, '{"a":1}');
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    expect(signer.verify('{"a":1}', headers)).toEqual({ a: 1 });
  });
});

describe('SecretBox', () => {
  it('seals without the plaintext and opens what it sealed', () => {
    const box = new SecretBox([NEW]);
    const secret = generateSigningSecret();
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret)).not.toBe(sealed);
    expect(box.open(sealed)).toBe(secret);
  });

  it('opens secrets sealed under an older key after a rotation, seals under the newest', () => {
    const sealedOld = new SecretBox([OLD]).seal('whsec_old');
    const rotated = new SecretBox([NEW, OLD]);
    expect(rotated.open(sealedOld)).toBe('whsec_old');
    expect(new SecretBox([NEW]).open(rotated.seal('whsec_new'))).toBe('whsec_new');
    expect(() => new SecretBox([NEW]).open(sealedOld)).toThrow(/no longer configured/);
  });

  it('refuses a tampered ciphertext', () => {
    const box = new SecretBox([NEW]);
    const parts = box.seal('whsec_x').split('.');
    parts[4] = Buffer.from('whsec_y').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => box.open('garbage')).toThrow(/not a webhook secret ciphertext/);
  });
});
