import { DomainError } from '@scout/common';
import { presentedKey } from './credentials';

const KEY = 'sk_AbCd1234_abcdefghijklmnopqrstuvwxyzABCDEF';

function rejection(headers: Record<string, string>): DomainError {
  try {
    presentedKey(headers);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('presentedKey', () => {
  it('reads a Bearer token, in any scheme casing', () => {
    expect(presentedKey({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(presentedKey({ authorization: `bearer  ${KEY} ` })).toBe(KEY);
  });

  it('reads X-API-Key', () => {
    expect(presentedKey({ 'x-api-key': ` ${KEY} ` })).toBe(KEY);
  });

  it('accepts the same key in both headers', () => {
    expect(presentedKey({ authorization: `Bearer ${KEY}`, 'x-api-key': KEY })).toBe(KEY);
  });

  it('finds nothing when neither header is there (or they are empty)', () => {
    expect(presentedKey({})).toBeUndefined();
    expect(presentedKey({ authorization: '', 'x-api-key': ' ' })).toBeUndefined();
  });

  it('rejects other schemes and two different keys with 401 and a challenge', () => {
    for (const error of [
      rejection({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
      rejection({ authorization: 'Bearer' }),
      rejection({ authorization: `Bearer ${KEY}`, 'x-api-key': `${KEY}x` }),
    ]) {
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="scout"' });
      expect(error.detail).not.toContain(KEY);
    }
  });
});
