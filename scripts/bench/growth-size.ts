// One size of the growth part, on the request side: the collection loaded with raw documents
// copied from profiles the batch route wrote, and the timed requests of every row but the
// pipeline (lookups, pages, filtered pages, a batch of new profiles).
import { type Connection, Types } from 'mongoose';
import { type components, type paths, type ScoutClient, ScoutProblemError } from '@scout/client';
import { CursorCodec } from '@scout/common';

import { COMPANIES } from '../../test/fixtures/fake-site';
import {
  BATCH,
  COMPANY,
  LOAD_CHUNK,
  PAGE,
  RowFailed,
  type RowKey,
  SKILL,
  TEMPLATES,
} from './growth-plan';
import { scoutClient } from './http';
import { makeProfile, type ProfileBody } from './profiles';
import { fmt } from './report';
import type { ApiEndpoint } from './workload';

/** The list scope of an unfiltered `-updatedAt` page, as the profiles service signs cursors. */
const LIST_SCOPE = 'profiles|-updatedAt|{}';

type Db = NonNullable<Connection['db']>;

/** Profile `n` of a batch, employed at one of the fake site's companies (for the company filter). */
function employedProfile(prefix: string, n: number): ProfileBody & { currentCompany: string } {
  return {
    ...makeProfile(prefix, n),
    currentCompany: COMPANIES[n % COMPANIES.length]?.slug ?? COMPANY,
  };
}

/** The public id of raw profile `i`; profile 0 is the most recently updated. */
function rawId(i: number): string {
  return `growth-${i}`;
}

/**
 * Loads `size` raw profiles: copies of {@link TEMPLATES} profiles the batch route wrote (so every
 * field is as Scout stores it), each with its own _id and publicId, updated one second apart so
 * the list order is known. The templates are removed afterwards.
 */
export async function load(
  api: ApiEndpoint,
  db: Db,
  size: number,
  at: number,
): Promise<Array<{ _id: Types.ObjectId; updatedAt: Date }>> {
  const bodies = Array.from({ length: TEMPLATES }, (_, n) => employedProfile('growth-template', n));
  await timed('POST /v1/profiles/batch', () =>
    scoutClient(api).POST('/v1/profiles/batch', { body: { profiles: asCreate(bodies) } }),
  );
  const profiles = db.collection('profiles');
  const templates = await profiles.find({ publicId: { $regex: '^growth-template-' } }).toArray();
  if (templates.length !== TEMPLATES)
    throw new Error(`found ${templates.length} templates, not ${TEMPLATES}`);
  await profiles.deleteMany({ publicId: { $regex: '^growth-template-' } });
  const keys: Array<{ _id: Types.ObjectId; updatedAt: Date }> = [];
  for (let from = 0; from < size; from += LOAD_CHUNK) {
    const docs = [];
    for (let i = from; i < Math.min(size, from + LOAD_CHUNK); i++) {
      const template = templates[i % TEMPLATES];
      const _id = new Types.ObjectId();
      const updatedAt = new Date(at - i * 1_000);
      keys.push({ _id, updatedAt });
      docs.push({ ...template, _id, publicId: rawId(i), createdAt: updatedAt, updatedAt });
    }
    await profiles.insertMany(docs, { ordered: false });
  }
  return keys;
}

/**
 * Times one call through Scout's SDK and returns its answer. An answer without the expected body
 * (a problem the SDK throws, with its status and code, or any other) is the row's result at this
 * size and is thrown as {@link RowFailed}, with how long the api took to give it.
 */
async function timed<T>(
  label: string,
  call: () => Promise<{ data?: T; response: Response }>,
): Promise<{ ms: number; data: T }> {
  const started = performance.now();
  const after = (): string => `after ${fmt((performance.now() - started) / 1000, 1)} s`;
  let answer: { data?: T; response: Response };
  try {
    answer = await call();
  } catch (error) {
    if (!(error instanceof ScoutProblemError)) throw error;
    throw new RowFailed(label, `${error.status} ${error.code} ${after()}`);
  }
  const ms = performance.now() - started;
  if (answer.data === undefined) {
    throw new RowFailed(label, `${answer.response.status} ${after()}`);
  }
  return { ms, data: answer.data };
}

/** The generated profiles use the document's country codes; ProfileBody types them as text. */
function asCreate(bodies: ProfileBody[]): Array<components['schemas']['CreateProfileDto']> {
  return bodies as Array<components['schemas']['CreateProfileDto']>;
}

type ProfileQuery = NonNullable<paths['/v1/profiles']['get']['parameters']['query']>;

/**
 * A list request that must return profiles: a full page unless `filtered` (a small collection
 * may hold fewer matches), starting at `firstPublicId` when given.
 */
async function page(
  scout: ScoutClient,
  query: ProfileQuery,
  expect: { filtered?: boolean; firstPublicId?: string } = {},
): Promise<number> {
  const path = `GET /v1/profiles ${JSON.stringify(query)}`;
  const { ms, data: body } = await timed(path, () =>
    scout.GET('/v1/profiles', { params: { query } }),
  );
  const count = body.data.length;
  if (expect.filtered ? count === 0 : count !== PAGE) {
    throw new Error(`${path} returned ${count} profiles`);
  }
  if (expect.firstPublicId && body.data[0]?.publicId !== expect.firstPublicId) {
    throw new Error(
      `${path} starts at ${body.data[0]?.publicId ?? 'nothing'}, not ${expect.firstPublicId}`,
    );
  }
  return ms;
}

/** Sends one sample of a request row; returns its ms. `i` of `n` spreads lookups over the ids. */
export type RequestRows = Record<
  Exclude<RowKey, 'pipeline'>,
  (i: number, n: number) => Promise<number>
>;

/**
 * The request rows at one size of `size` loaded profiles: lookups spread over the collection,
 * the first page, the page halfway down (its cursor signed with `cursorSecret` as the api signs
 * them), the two filtered pages and a batch of new profiles.
 */
export function requestRows(
  api: ApiEndpoint,
  size: number,
  keys: Array<{ _id: Types.ObjectId; updatedAt: Date }>,
  cursorSecret: string,
): RequestRows {
  const depth = Math.floor(size / 2);
  const before = keys[depth - 1];
  if (!before) throw new Error(`no profile at depth ${depth}`);
  const cursor = new CursorCodec([cursorSecret]).encode(LIST_SCOPE, [
    before.updatedAt.getTime(),
    before._id.toHexString(),
  ]);
  const scout = scoutClient(api);
  return {
    lookup: async (i, n) => {
      const id = rawId(Math.floor(((i + 0.5) * size) / n));
      return (
        await timed(`GET /v1/profiles/${id}`, () =>
          scout.GET('/v1/profiles/{id}', { params: { path: { id } } }),
        )
      ).ms;
    },
    first: () => page(scout, { limit: PAGE }, { firstPublicId: rawId(0) }),
    deep: () => page(scout, { limit: PAGE, cursor }, { firstPublicId: rawId(depth) }),
    skill: () => page(scout, { limit: PAGE, skill: SKILL }, { filtered: true }),
    company: () => page(scout, { limit: PAGE, company: COMPANY }, { filtered: true }),
    batch: async (i) => {
      const profiles = Array.from({ length: BATCH }, (_, n) =>
        employedProfile(`growth-batch-${i}`, n),
      );
      const body = { profiles: asCreate(profiles) };
      return (
        await timed('POST /v1/profiles/batch', () => scout.POST('/v1/profiles/batch', { body }))
      ).ms;
    },
  };
}
