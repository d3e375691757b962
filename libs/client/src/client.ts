import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { isProblemResponse, problemFrom } from './problem';
import type { paths } from './schema';

/** How to reach one Scout api. */
export interface ScoutClientOptions {
  /** Origin of the api, e.g. `https://scout.example.com` (paths start with `/v1`). */
  baseUrl: string;
  /** An API key (`sk_…`), sent as `Authorization: Bearer`; omit it for the public routes. */
  apiKey?: string;
  /** A fetch of one's own (a proxy agent, a test transport); the global fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A list answer: one page of items and the cursor of the next one. */
interface PageOf<Item> {
  data: Item[];
  page: { nextCursor?: string | null };
}

type JsonOk<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The paths whose `GET` answers a page (`data` plus `page.nextCursor`). */
export type PagedPath = {
  [P in keyof paths]: paths[P] extends { get: infer Get }
    ? JsonOk<Get> extends PageOf<unknown>
      ? P
      : never
    : never;
}[keyof paths];

type ListOperation<P extends PagedPath> = paths[P]['get'];

/** What a list item of a paged path is. */
export type PageItem<P extends PagedPath> =
  JsonOk<ListOperation<P>> extends PageOf<infer Item> ? Item : never;

/** The query and path parameters of a paged list; the cursor is the iterator's business. */
export interface PagesParams<P extends PagedPath> {
  query?: Omit<NonNullable<ListOperation<P>['parameters']['query']>, 'cursor'>;
  path?: ListOperation<P>['parameters']['path'];
}

/** A typed Scout client: openapi-fetch's methods plus an iterator over list pages. */
export interface ScoutClient extends Client<paths> {
  /**
   * Every item of a list, page after page, following `page.nextCursor` until it runs out, so a
   * caller never handles cursors: `for await (const profile of client.pages('/v1/profiles'))`.
   */
  pages<P extends PagedPath>(path: P, params?: PagesParams<P>): AsyncGenerator<PageItem<P>>;
}

/**
 * Creates a Scout client. Every answer with a problem-details body is thrown as a
 * `ScoutProblemError`, so a resolved call always carries `data`.
 */
export function createScoutClient(options: ScoutClientOptions): ScoutClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(authentication(options.apiKey), problemsThrown);
  return Object.assign(client, {
    pages: <P extends PagedPath>(path: P, params: PagesParams<P> = {}) =>
      pages(client, path, params),
  });
}

function authentication(apiKey: string | undefined): Middleware {
  return {
    onRequest({ request }) {
      if (apiKey !== undefined) request.headers.set('authorization', `Bearer ${apiKey}`);
      return request;
    },
  };
}

const problemsThrown: Middleware = {
  async onResponse({ response }) {
    if (isProblemResponse(response)) throw await problemFrom(response);
    return response;
  },
};

async function* pages<P extends PagedPath>(
  client: Client<paths>,
  path: P,
  params: PagesParams<P>,
): AsyncGenerator<PageItem<P>> {
  let cursor: string | undefined;
  do {
    const query = cursor === undefined ? params.query : { ...params.query, cursor };
    // openapi-fetch cannot relate a generic path to its parameters; PagesParams<P> is that type.
    const get = client.GET as (
      path: PagedPath,
      init: { params: { query?: object; path?: object } },
    ) => Promise<{ data?: PageOf<PageItem<P>>; response: Response }>;
    const { data, response } = await get(path, { params: { query, path: params.path } });
    // Problems are thrown by the middleware; anything else without a page is not a list.
    if (data === undefined) throw new Error(`${path} answered ${response.status} without a page`);
    yield* data.data;
    cursor = data.page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
