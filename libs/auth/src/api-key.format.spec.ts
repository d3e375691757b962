import {
  API_KEY_PREFIX_LENGTH,
  API_KEY_SECRET_LENGTH,
  apiKeyPrefix,
  generateApiKey,
  isApiKeyPrefix,
} from './api-key.format';

describe('API key format', () => {
  it('generates sk_<8 base62>_<32 base62> keys whose prefix is their lookup part', () => {
    const { key, prefix } = generateApiKey();
    expect(key).toMatch(/^sk_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);
    expect(key.split('_')[1]).toBe(prefix);
    expect(prefix).toHaveLength(API_KEY_PREFIX_LENGTH);
    expect(key.split('_')[2]).toHaveLength(API_KEY_SECRET_LENGTH);
    expect(apiKeyPrefix(key)).toBe(prefix);
  });

  it('never repeats itself and uses the whole alphabet', () => {
    const keys = Array.from({ length: 2_000 }, () => generateApiKey().key);
    expect(new Set(keys).size).toBe(keys.length);
    const seen = new Set(keys.join('').replace(/sk_|_/g, ''));
    expect(seen.size).toBe(62);
  });

  it.each([
    [''],
    ['sk_'],
    ['Bearer sk_abc'],
    ['sk_ABCDEFGH_' + 'a'.repeat(31)],
    ['sk_ABCDEFGH_' + 'a'.repeat(33)],
    ['sk_ABCD-FGH_' + 'a'.repeat(32)],
    ['pk_ABCDEFGH_' + 'a'.repeat(32)],
    [' sk_ABCDEFGH_' + 'a'.repeat(31)],
    ['x'.repeat(10_000)],
  ])('finds no prefix in the malformed %p', (presented) => {
    expect(apiKeyPrefix(presented)).toBeUndefined();
  });

  it('tells a prefix from other identifiers', () => {
    expect(isApiKeyPrefix('AbCd1234')).toBe(true);
    expect(isApiKeyPrefix('0123456789abcdef01234567')).toBe(false);
    expect(isApiKeyPrefix('AbCd123')).toBe(false);
    expect(isApiKeyPrefix('AbCd12_4')).toBe(false);
  });
});
