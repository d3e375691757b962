/** The budgets a request can be charged against; each has its own limit per window. */
export type RateLimitTier = 'reads' | 'writes' | 'scrape' | 'anonymous';

/** Every tier, in a fixed order, for metrics labels. */
export const RATE_LIMIT_TIERS: readonly RateLimitTier[] = [
  'reads',
  'writes',
  'scrape',
  'anonymous',
];

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SCRAPE_ENQUEUE_ROUTES = new Set(['/v1/scrape-jobs', '/v1/scrape-jobs/batch']);

/**
 * Which budget an authenticated request on this route spends, decided from the route template so
 * controllers need no extra decorator and a new /v1 route is limited by default. Routes outside
 * /v1 (health probes, /docs) return `undefined`: probes must never be refused.
 */
export function tierForRoute(method: string, route: string | undefined): RateLimitTier | undefined {
  if (route === undefined || !route.startsWith('/v1/')) return undefined;
  if (READ_METHODS.has(method)) return 'reads';
  if (method === 'POST' && SCRAPE_ENQUEUE_ROUTES.has(route)) return 'scrape';
  return 'writes';
}

/**
 * The budget a request with a valid key spends when no route matches it (404, 405): by method,
 * so a key's mistyped paths are limited like its other calls.
 */
export function tierForUnmatched(method: string): RateLimitTier {
  return READ_METHODS.has(method) ? 'reads' : 'writes';
}
