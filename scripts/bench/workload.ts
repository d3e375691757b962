// The data side of the bench: seeding through the batch route, the keyset walk to a deep cursor,
// and the two ways of writing 10,000 profiles that scenario 5 compares.
import { authHeaders, requestJson } from './http';
import { fire } from './load';
import { makeProfile, type ProfileBody } from './profiles';

/** The api's batch route takes at most this many profiles per request. */
export const BATCH_SIZE = 1_000;

/** Where the api listens and the key its `/v1` routes need (a started api `Server` is one). */
export interface ApiEndpoint {
  url: string;
  apiKey?: string;
}

interface BatchResult {
  results: Array<{ index: number; status: string; id?: string }>;
}

interface ProfilePage {
  data: Array<{ id: string }>;
  page: { limit: number; nextCursor: string | null };
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

/**
 * Posts profiles `prefix-0 … prefix-(count-1)` in batches of 1,000 with `inFlight` requests at a
 * time, demanding every item come back `created`; returns the new ids in input order.
 */
export async function writeBatches(
  api: ApiEndpoint,
  prefix: string,
  count: number,
  inFlight: number,
  onBatch?: (done: number) => void,
): Promise<string[]> {
  const batches = Math.ceil(count / BATCH_SIZE);
  let done = 0;
  const ids = await pool(batches, inFlight, async (b) => {
    const profiles: ProfileBody[] = [];
    for (let n = b * BATCH_SIZE; n < Math.min(count, (b + 1) * BATCH_SIZE); n++) {
      profiles.push(makeProfile(prefix, n));
    }
    const body = await requestJson<BatchResult>(`${api.url}/v1/profiles/batch`, 200, {
      method: 'POST',
      body: { profiles },
      apiKey: api.apiKey,
    });
    const notCreated = body.results.filter((item) => item.status !== 'created');
    if (notCreated.length || body.results.length !== profiles.length) {
      throw new Error(
        `batch ${b} of ${prefix}: ${notCreated.length} of ${body.results.length} items not ` +
          `created, e.g. ${JSON.stringify(notCreated.slice(0, 2))}`,
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
 * Walks `GET /v1/profiles?limit=<pageSize>` following `page.nextCursor` until `depth` items have
 * gone by, and returns the cursor of the page that starts there (keyset, so each step is a seek).
 */
export async function cursorAt(api: ApiEndpoint, depth: number, pageSize: number): Promise<string> {
  let cursor: string | null = null;
  let seen = 0;
  while (seen < depth) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: ProfilePage = await requestJson<ProfilePage>(
      `${api.url}/v1/profiles?limit=${pageSize}${query}`,
      200,
      { apiKey: api.apiKey },
    );
    seen += page.data.length;
    cursor = page.page.nextCursor;
    if (!cursor) throw new Error(`the list ended after ${seen} profiles, before ${depth}`);
  }
  if (seen !== depth) throw new Error(`walked ${seen} profiles, not ${depth}`);
  return cursor ?? '';
}
