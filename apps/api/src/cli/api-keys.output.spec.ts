import type { ApiKeyView } from '@scout/auth';
import { formatCreated, formatList, formatRevoked } from './api-keys.output';

const KEY = 'sk_AbCd1234_abcdefghijklmnopqrstuvwxyzABCDEF';
const VIEW: ApiKeyView = {
  id: '0123456789abcdef01234567',
  name: 'reporting',
  prefix: 'AbCd1234',
  scopes: ['profiles:read', 'scrape:write'],
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('api-keys output', () => {
  it('shows a new key once, with what identifies it later', () => {
    const text = formatCreated({ key: KEY, apiKey: VIEW }, false);
    expect(text.split(KEY)).toHaveLength(2);
    expect(text).toContain('id 0123456789abcdef01234567, prefix AbCd1234');
    expect(text).toContain('scopes profiles:read,scrape:write');
    expect(text).toContain('cannot be shown again');
    expect(JSON.parse(formatCreated({ key: KEY, apiKey: VIEW }, true))).toEqual({
      ...VIEW,
      key: KEY,
    });
  });

  it('lists keys as an aligned table or JSON, never with a key or hash', () => {
    const revoked: ApiKeyView = {
      ...VIEW,
      id: 'fedcba9876543210fedcba98',
      prefix: 'ZzZz9999',
      name: 'old',
      scopes: ['admin'],
      lastUsedAt: '2026-01-02T00:00:00.000Z',
      revokedAt: '2026-01-03T00:00:00.000Z',
    };
    const lines = formatList([VIEW, revoked], false).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^id\s+prefix\s+name\s+scopes\s+created\s+last used\s+revoked$/);
    expect(lines[1]).toMatch(
      /AbCd1234\s+reporting\s+profiles:read,scrape:write\s+2026-01-01\S+\s+-\s+-$/,
    );
    expect(lines[2]).toMatch(/ZzZz9999\s+old\s+admin\s+\S+\s+2026-01-02\S+\s+2026-01-03\S+$/);
    expect(lines[1].indexOf('AbCd1234')).toBe(lines[2].indexOf('ZzZz9999'));
    expect(JSON.parse(formatList([VIEW], true))).toEqual([VIEW]);
    expect(formatList([], false)).toBe('No API keys.');
  });

  it('says whether a revoke changed anything', () => {
    expect(formatRevoked(VIEW, true)).toBe(
      "Revoked API key AbCd1234 ('reporting', id 0123456789abcdef01234567).",
    );
    expect(formatRevoked({ ...VIEW, revokedAt: '2026-01-03T00:00:00.000Z' }, false)).toContain(
      'was already revoked at 2026-01-03T00:00:00.000Z',
    );
  });
});
