// The data side of the bench: seeding through the batch route, the keyset walk to a deep cursor,
// and the two ways of writing (creating, then changing) the profiles that scenario 5 compares.
import type { components } from '@scout/client';
import { authHeaders, scoutClient } from './http';
import { fire } from './load';
import { makeProfile, type ProfileBody } from './profiles';

/** The api's batch route takes at most this many profiles per request. */
export const BATCH_SIZE = 1_000;

/** How long the bench waits for one batch request. */
const BATCH_TIMEOUT_MS = 10 * 60_000;

/** Where the api listens and the key its `/v1` routes need (a started api `Server` is one). */
export interface ApiEndpoint {
  url: string;
  apiKey?: string;
}

/** Runs `tasks` with at most `limit` in flight; the first failure rejects. */
async function pool<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** The change scenario 5 makes to every profile it updates: a new headline. */
export function revisedHeadline(n: number): string {
  return `Revised profile ${n}`;
}

/**
 * Posts profiles `prefix-0 … prefix-(count-1)` in batches of 1,000 with `inFlight` requests at a
 * time, demanding every item come back `created` (or, with `revise`, each with a new headline,
 * `updated`); returns the ids in input order.
 */
export async function writeBatches(
  api: ApiEndpoint,
  prefix: string,
  count: number,
  inFlight: number,
  onBatch?: (done: number) => void,
  revise = false,
): Promise<string[]> {
  const expected = revise ? 'updated' : 'created';
  const batches = Math.ceil(count / BATCH_SIZE);
  let done = 0;
  // 1,000 updates are 1,000 collection scans on FerretDB: minutes on a busy machine.
  const scout = scoutClient(api, BATCH_TIMEOUT_MS);
  const ids = await pool(batches, inFlight, async (b) => {
    const profiles: ProfileBody[] = [];
    for (let n = b * BATCH_SIZE; n < Math.min(count, (b + 1) * BATCH_SIZE); n++) {
      const profile = makeProfile(prefix, n);
      profiles.push(revise ? { ...profile, headline: revisedHeadline(n) } : profile);
    }
    const { data: body } = await scout.POST('/v1/profiles/batch', {
      // The generated profiles use the document's country codes; ProfileBody types them as text.
      body: { profiles: profiles as Array<components['schemas']['CreateProfileDto']> },
    });
    if (!body) throw new Error(`batch ${b} of ${prefix}: no results`);
    const unexpected = body.results.filter((item) => item.status !== expected);
    if (unexpected.length || body.results.length !== profiles.length) {
      throw new Error(
        `batch ${b} of ${prefix}: ${unexpected.length} of ${body.results.length} items not ` +
          `${expected}, e.g. ${JSON.stringify(unexpected.slice(0, 2))}`,
      );
    }
    done += profiles.length;
    onBatch?.(done);
    return body.results.map((item) => item.id ?? '');
  });
  return ids.flat();
}

/**
 * Posts profiles `prefix-0 … prefix-(count-1)` one per `POST /v1/profiles` through autocannon
 * (bounded by count), `inFlight` connections; fails unless every one was created.
 */
export async function writeSingles(
  api: ApiEndpoint,
  prefix: string,
  count: number,
  inFlight: number,
): Promise<{ seconds: number }> {
  let next = 0;
  const result = await fire({
    label: `single POSTs (${prefix})`,
    url: api.url,
    connections: inFlight,
    amount: count,
    // Generous upper bound for the outside stop: 20 profiles/s would already be a broken server.
    expectedMaxS: count / 20,
    requests: [
      {
        method: 'POST',
        path: '/v1/profiles',
        headers: { 'content-type': 'application/json', ...authHeaders(api.apiKey) },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify(makeProfile(prefix, next++)),
        }),
      },
    ],
  });
  if (result.total - result.non2xx !== count) {
    throw new Error(
      `single POSTs (${prefix}): ${result.total - result.non2xx} of ${count} were created`,
    );
  }
  return { seconds: result.seconds };
}

/**
 * The ids of profiles `prefix-0 … prefix-(count-1)`, in that order, from one walk over
 * `GET /v1/profiles` (the single creates go through autocannon, which keeps no bodies).
 */
export async function idsOf(api: ApiEndpoint, prefix: string, count: number): Promise<string[]> {
  const byPublicId = new Map<string, string>();
  for await (const item of scoutClient(api).pages('/v1/profiles', { query: { limit: 100 } })) {
    byPublicId.set(item.publicId, item.id);
  }
  return Array.from({ length: count }, (_, n) => {
    const id = byPublicId.get(`${prefix}-${n}`);
    if (!id) throw new Error(`profile ${prefix}-${n} is not in the list`);
    return id;
  });
}

/**
 * Sends `PATCH /v1/profiles/:id {headline}` for every id (profile n gets revisedHeadline(n))
 * through autocannon, `inFlight` connections: the single-write counterpart of a revising batch.
 * Fails unless every one succeeded.
 */
export async function patchSingles(
  api: ApiEndpoint,
  ids: string[],
  inFlight: number,
): Promise<{ seconds: number }> {
  const count = ids.length;
  let next = 0;
  const result = await fire({
    label: `single PATCHes (${count})`,
    url: api.url,
    connections: inFlight,
    amount: count,
    // A PATCH on FerretDB scans the collection more than once: 1/s is a slow but working server.
    expectedMaxS: count,
    requests: [
      {
        method: 'PATCH',
        path: '/v1/profiles',
        headers: { 'content-type': 'application/json', ...authHeaders(api.apiKey) },
        setupRequest: (request) => {
          const n = next++;
          return {
            ...request,
            path: `/v1/profiles/${ids[n] ?? ''}`,
            body: JSON.stringify({ headline: revisedHeadline(n) }),
          };
        },
      },
    ],
  });
  if (result.total - result.non2xx !== count) {
    throw new Error(`single PATCHes: ${result.total - result.non2xx} of ${count} succeeded`);
  }
  return { seconds: result.seconds };
}

/**
 * Walks `GET /v1/profiles?limit=<pageSize>` following `page.nextCursor` until `depth` items have
 * gone by, and returns the cursor of the page that starts there (keyset, so each step is a seek).
 */
export async function cursorAt(api: ApiEndpoint, depth: number, pageSize: number): Promise<string> {
  const scout = scoutClient(api);
  let cursor: string | null | undefined = null;
  let seen = 0;
  while (seen < depth) {
    const { data: page }: { data?: components['schemas']['ProfilePageDto'] } = await scout.GET(
      '/v1/profiles',
      {
        params: { query: { limit: pageSize, ...(cursor ? { cursor } : {}) } },
      },
    );
    if (!page) throw new Error('GET /v1/profiles answered no page');
    seen += page.data.length;
    cursor = page.page.nextCursor;
    if (!cursor) throw new Error(`the list ended after ${seen} profiles, before ${depth}`);
  }
  if (seen !== depth) throw new Error(`walked ${seen} profiles, not ${depth}`);
  return cursor ?? '';
}
