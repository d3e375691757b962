import { DomainError, ErrorCode } from '@scout/common';
import { MAX_TARGET_LENGTH, parseTarget } from './scrape-target';

const BASE = 'https://profiles.example';

function reasonFor(input: string, base = BASE): string {
  try {
    parseTarget(input, base);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.InvalidTarget);
    return (error as DomainError).message;
  }
  throw new Error(`accepted: ${input}`);
}

describe('parseTarget', () => {
  describe('accepts', () => {
    it.each([
      ['a bare publicId', 'ada-lovelace', 'ada-lovelace'],
      ['a bare publicId with surrounding spaces', '  ada-lovelace\n', 'ada-lovelace'],
      ['the shortest publicId', 'abc', 'abc'],
      ['digits and dashes', '0-ada-2', '0-ada-2'],
      ['the longest publicId', `a${'b'.repeat(99)}`, `a${'b'.repeat(99)}`],
      ['a profile URL', `${BASE}/in/ada-lovelace`, 'ada-lovelace'],
      ['a trailing slash', `${BASE}/in/ada-lovelace/`, 'ada-lovelace'],
      [
        'a query',
        `${BASE}/in/ada-lovelace?trk=public_profile&x=http://evil.example`,
        'ada-lovelace',
      ],
      ['a fragment', `${BASE}/in/ada-lovelace#experience`, 'ada-lovelace'],
      ['a query after the trailing slash', `${BASE}/in/ada-lovelace/?a=b#c`, 'ada-lovelace'],
    ])('%s', (_label, input, publicId) => {
      expect(parseTarget(input, BASE)).toEqual({ publicId, url: `${BASE}/in/${publicId}` });
    });

    it('builds the url from baseUrl, never from the input', () => {
      const target = parseTarget(`${BASE}/in/ada-lovelace/?next=/admin#frag`, `${BASE}/`);
      expect(target.url).toBe('https://profiles.example/in/ada-lovelace');
    });

    it('accepts the configured host when it is an IP address with a port (the fake site)', () => {
      const base = 'http://127.0.0.1:4010';
      expect(parseTarget('http://127.0.0.1:4010/in/ada-lovelace', base)).toEqual({
        publicId: 'ada-lovelace',
        url: 'http://127.0.0.1:4010/in/ada-lovelace',
      });
    });
  });

  describe('rejects', () => {
    it.each([
      // not a publicId
      ['an empty string', ''],
      ['only spaces', '   '],
      ['upper case', 'Ada-Lovelace'],
      ['too short', 'ab'],
      ['a leading dash', '-ada'],
      ['an underscore', 'ada_lovelace'],
      ['inner spaces', 'ada lovelace'],
      ['percent encoding', 'ada%2dlovelace'],
      ['too long a publicId', 'a'.repeat(101)],
      ['an invalid publicId in a URL', `${BASE}/in/Ada`],
      ['a dot-dot publicId', `${BASE}/in/..`],
      // other hosts, ports, case tricks
      ['another host', 'https://evil.example/in/ada-lovelace'],
      ['a suffix host', 'https://profiles.example.evil.example/in/ada-lovelace'],
      ['a prefix host', 'https://evilprofiles.example/in/ada-lovelace'],
      ['a subdomain', 'https://www.profiles.example/in/ada-lovelace'],
      ['a different port', 'https://profiles.example:8443/in/ada-lovelace'],
      ['an explicit port', 'https://profiles.example:443/in/ada-lovelace'],
      ['an empty port', 'https://profiles.example:/in/ada-lovelace'],
      ['an upper-case host', 'https://PROFILES.EXAMPLE/in/ada-lovelace'],
      ['a mixed-case host', 'https://Profiles.Example/in/ada-lovelace'],
      ['an upper-case scheme', 'HTTPS://profiles.example/in/ada-lovelace'],
      ['a trailing-dot host', 'https://profiles.example./in/ada-lovelace'],
      ['a full-width host', 'https://ｐrofiles.example/in/ada-lovelace'],
      ['a percent-encoded host', 'https://profiles%2eexample/in/ada-lovelace'],
      ['a backslash authority', 'https://evil.example\\@profiles.example/in/ada-lovelace'],
      ['a backslash path', 'https://profiles.example\\evil.example/in/ada-lovelace'],
      ['the site in the query only', 'https://evil.example/?u=https://profiles.example/in/ada'],
      // IP literals
      ['an IPv4 address', 'https://127.0.0.1/in/ada-lovelace'],
      ['a metadata address', 'http://169.254.169.254/latest/meta-data/'],
      ['a decimal IPv4', 'http://2130706433/'],
      ['a decimal IPv4 with a profile path', 'https://2130706433/in/ada-lovelace'],
      ['a hex IPv4', 'https://0x7f000001/in/ada-lovelace'],
      ['a dotted hex IPv4', 'https://0x7f.0.0.1/in/ada-lovelace'],
      ['an octal IPv4', 'https://017700000001/in/ada-lovelace'],
      ['a short IPv4', 'https://127.1/in/ada-lovelace'],
      ['an IPv6 loopback', 'https://[::1]/in/ada-lovelace'],
      ['an IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/in/ada-lovelace'],
      ['an IPv6 with a port', 'https://[::1]:443/in/ada-lovelace'],
      // schemes
      ['file:', 'file:///etc/passwd'],
      ['javascript:', 'javascript:alert(1)'],
      ['ftp:', 'ftp://profiles.example/in/ada-lovelace'],
      ['data:', 'data:text/html,<script>alert(1)</script>'],
      ['ws:', 'ws://profiles.example/in/ada-lovelace'],
      ['plain http when https is configured', 'http://profiles.example/in/ada-lovelace'],
      ['a scheme-relative URL', '//profiles.example/in/ada-lovelace'],
      ['a path only', '/in/ada-lovelace'],
      ['a host without scheme', 'profiles.example/in/ada-lovelace'],
      ['a single-slash URL', 'https:/profiles.example/in/ada-lovelace'],
      // userinfo
      ['a user', 'https://user@profiles.example/in/ada-lovelace'],
      ['a user and password', 'https://user:pass@profiles.example/in/ada-lovelace'],
      ['the site as user info', 'https://profiles.example@evil.example/in/ada-lovelace'],
      ['user info on a bare host', 'http://user@host/'],
      // paths
      ['dot segments', `${BASE}/in/../admin`],
      ['encoded dot segments', `${BASE}/in/%2e%2e/admin`],
      ['a company page', `${BASE}/company/acme`],
      ['a nested path', `${BASE}/in/a/b`],
      ['a profile sub-page', `${BASE}/in/ada-lovelace/details/skills`],
      ['the root', `${BASE}/`],
      ['the origin', BASE],
      ['an empty publicId', `${BASE}/in/`],
      ['an upper-case path', `${BASE}/IN/ada-lovelace`],
      ['a double slash', `${BASE}//in/ada-lovelace`],
      ['a double slash after in', `${BASE}/in//ada-lovelace`],
      // whitespace, control characters, length
      ['a newline inside', `${BASE}/in/ada\n-lovelace`],
      ['a tab in the host', 'https://profiles.ex\tample/in/ada-lovelace'],
      ['a NUL byte', `${BASE}/in/ada-lovelace\u0000`],
      ['input over 2048 characters', `${BASE}/in/ada-lovelace?${'x'.repeat(MAX_TARGET_LENGTH)}`],
    ])('%s', (_label, input) => {
      const reason = reasonFor(input);
      expect(reason).not.toContain('evil');
      expect(reason).not.toContain('ada');
    });

    it('rejects IP spellings of the configured IP host that are not written as configured', () => {
      for (const input of [
        'http://2130706433:4010/in/ada-lovelace',
        'http://127.1:4010/in/ada-lovelace',
        'http://127.0.0.1:4011/in/ada-lovelace',
        'http://localhost:4010/in/ada-lovelace',
      ]) {
        reasonFor(input, 'http://127.0.0.1:4010');
      }
    });

    it('says why in words', () => {
      expect(reasonFor('https://127.0.0.1/in/ada-lovelace')).toMatch(/IP address/);
      expect(reasonFor('https://user@profiles.example/in/ada-lovelace')).toMatch(/user info/);
      expect(reasonFor('file:///etc/passwd')).toMatch(/http\(s\)/);
      expect(reasonFor('https://evil.example/in/ada-lovelace')).toMatch(/configured profile site/);
      expect(reasonFor(`${BASE}/company/acme`)).toMatch(/\/in\/<publicId>/);
      expect(reasonFor('x'.repeat(MAX_TARGET_LENGTH + 1))).toMatch(/longer than 2048/);
    });

    it('rejects values that are not strings', () => {
      expect(() => parseTarget(42 as unknown as string, BASE)).toThrow(DomainError);
    });
  });
});
