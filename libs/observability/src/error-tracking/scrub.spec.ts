import { scrubEvent, type ScrubbableEvent } from './scrub';

describe('scrubEvent', () => {
  function event(): ScrubbableEvent {
    return {
      request: {
        url: 'https://api.scout.example/v1/profiles?q=ada+lovelace',
        data: { fullName: 'Ada Lovelace', headline: 'Mathematician' },
        cookies: { session: 's3ssion' },
        query_string: 'q=ada+lovelace',
        headers: {
          Authorization: 'Bearer sk_live_secret',
          'x-api-key': 'scout_key_secret',
          cookie: 'session=s3ssion',
          'user-agent': 'curl/8',
          'x-request-id': 'req-7',
        },
      },
      user: { id: 'u1', email: 'ada@example.com', ip_address: '10.0.0.1' },
      exception: {
        values: [{ value: 'connect failed: mongodb://scout:hunter2@db:27017/scout' }],
      },
      extra: {
        profile: { publicId: 'ada-lovelace', fullName: 'Ada Lovelace', skills: ['math'] },
        attempt: 2,
      },
      contexts: {
        runtime: { name: 'node', version: 'v20' },
        job: { name: 'scrape-profile', input: { Full_Name: 'Ada Lovelace', location: 'London' } },
      },
      breadcrumbs: [{ data: { headline: 'Mathematician', status: 500 } }],
    };
  }

  const everything = (value: unknown) => JSON.stringify(value);

  it('drops request bodies, cookies, query strings and the user', () => {
    const scrubbed = scrubEvent(event());
    expect(scrubbed.request).not.toHaveProperty('data');
    expect(scrubbed.request).not.toHaveProperty('cookies');
    expect(scrubbed.request).not.toHaveProperty('query_string');
    expect(scrubbed.request?.url).toBe('https://api.scout.example/v1/profiles');
    expect(scrubbed).not.toHaveProperty('user');
  });

  it('drops credential headers in any casing and keeps the harmless ones', () => {
    expect(scrubEvent(event()).request?.headers).toEqual({
      'user-agent': 'curl/8',
      'x-request-id': 'req-7',
    });
  });

  it('redacts profile fields anywhere in extra data, custom contexts and breadcrumbs', () => {
    const scrubbed = scrubEvent(event());
    expect(scrubbed.extra).toEqual({
      profile: { publicId: 'ada-lovelace', fullName: '[Redacted]', skills: '[Redacted]' },
      attempt: 2,
    });
    expect(scrubbed.contexts?.job).toEqual({
      name: '[Redacted]',
      input: { Full_Name: '[Redacted]', location: '[Redacted]' },
    });
    expect(scrubbed.breadcrumbs).toEqual([{ data: { headline: '[Redacted]', status: 500 } }]);
  });

  it("keeps the SDK's own contexts (runtime, trace) as they are", () => {
    expect(scrubEvent(event()).contexts?.runtime).toEqual({ name: 'node', version: 'v20' });
  });

  it('cuts credentials out of URLs quoted in error messages', () => {
    expect(scrubEvent(event()).exception?.values?.[0].value).toBe(
      'connect failed: mongodb://[Redacted]@db:27017/scout',
    );
  });

  it('leaves no personal value or secret anywhere in the event', () => {
    const shown = everything(scrubEvent(event()));
    for (const secret of [
      'Ada Lovelace',
      'Mathematician',
      'London',
      'ada@example.com',
      'ada+lovelace',
      's3ssion',
      'sk_live_secret',
      'scout_key_secret',
      'hunter2',
    ]) {
      expect(shown).not.toContain(secret);
    }
  });

  it('copes with an event that has none of these parts', () => {
    expect(scrubEvent({})).toEqual({});
  });
});
