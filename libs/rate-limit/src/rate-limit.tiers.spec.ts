import { tierForRoute } from './rate-limit.tiers';

describe('tierForRoute', () => {
  it.each([
    ['GET', '/v1/profiles/:id', 'reads'],
    ['HEAD', '/v1/companies', 'reads'],
    ['GET', '/v1/scrape-jobs/:id', 'reads'],
    ['POST', '/v1/profiles', 'writes'],
    ['POST', '/v1/profiles/batch', 'writes'],
    ['PATCH', '/v1/companies/:id', 'writes'],
    ['DELETE', '/v1/profiles/:id', 'writes'],
    ['POST', '/v1/scrape-jobs/:id/retry', 'writes'],
    ['DELETE', '/v1/scrape-jobs/:id', 'writes'],
    ['POST', '/v1/scrape-jobs', 'scrape'],
    ['POST', '/v1/scrape-jobs/batch', 'scrape'],
  ])('%s %s spends the %s budget', (method, route, tier) => {
    expect(tierForRoute(method, route)).toBe(tier);
  });

  it.each([
    ['GET', '/health/live'],
    ['GET', '/health/ready'],
    ['GET', '/docs'],
    ['GET', '/docs-json'],
    ['GET', undefined],
  ])('%s %s is never limited', (method, route) => {
    expect(tierForRoute(method, route)).toBeUndefined();
  });
});
