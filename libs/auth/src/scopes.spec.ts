import { grants, isScope, parseScopes, SCOPES } from './scopes';

describe('scopes', () => {
  it('are the six documented ones', () => {
    expect(SCOPES).toEqual([
      'profiles:read',
      'profiles:write',
      'scrape:write',
      'privacy:read',
      'privacy:write',
      'admin',
    ]);
  });

  it('grant exactly what a key holds', () => {
    expect(grants(['profiles:read'], 'profiles:read')).toBe(true);
    expect(grants(['profiles:read'], 'profiles:write')).toBe(false);
    expect(grants(['profiles:write'], 'profiles:read')).toBe(false);
    expect(grants(['scrape:write'], 'profiles:write')).toBe(false);
    expect(grants([], 'profiles:read')).toBe(false);
  });

  it.each(SCOPES)('admin implies %s', (scope) => {
    expect(grants(['admin'], scope)).toBe(true);
  });

  it('parses a comma list into known scopes, in catalog order, and names the unknown', () => {
    expect(parseScopes(' scrape:write,profiles:read ,profiles:read,,')).toEqual({
      scopes: ['profiles:read', 'scrape:write'],
      unknown: [],
    });
    expect(parseScopes('profiles:read,root,ADMIN')).toEqual({
      scopes: ['profiles:read'],
      unknown: ['root', 'ADMIN'],
    });
    expect(isScope('admin')).toBe(true);
    expect(isScope('profiles:*')).toBe(false);
  });
});
