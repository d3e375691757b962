import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc, { type Arbitrary } from 'fast-check';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';
import {
  type LinkFamily,
  linkFamilies,
  linkValues,
  type ResolvedLink,
} from '../support/openapi-links';
import {
  type DocumentOperation,
  type FuzzRequest,
  type OpenApiDocument,
  OpenApiRequests,
  urlOf,
} from '../support/openapi-requests';
import { REPO_ROOT } from '../support/test-env';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;

/**
 * Fixed in `npm test`, so a failure replays exactly. `SCOUT_FUZZ_SEED=random` draws a new one
 * (printed in the summary line), `SCOUT_FUZZ_SEED=<integer>` replays that one.
 */
const SEED = ((): number => {
  const asked = process.env.SCOUT_FUZZ_SEED;
  if (asked === undefined || asked === '') return 20_261_206;
  if (asked === 'random') return Math.floor(Math.random() * 2 ** 31);
  if (!/^\d+$/.test(asked)) throw new Error(`SCOUT_FUZZ_SEED must be an integer or "random"`);
  return Number(asked);
})();
/** Examples per operation: schema-valid and schema-invalid each, and chained requests. */
const RUNS = 100;
/** Statuses a schema-valid request may still meet: the documented business outcomes. */
const BUSINESS_ERRORS = new Set([404, 409, 412, 422]);
/**
 * Command sequences per operation of a chain, and their longest length: together about RUNS
 * requests per operation.
 */
const CHAIN_RUNS_PER_OPERATION = 3;
/** Rounds a chain may take to reach RUNS requests per operation. */
const CHAIN_MAX_ROUNDS = 4;
const CHAIN_MAX_COMMANDS = 80;

const document = JSON.parse(
  readFileSync(join(REPO_ROOT, 'openapi.json'), 'utf8'),
) as OpenApiDocument;

/** Ids that exist, per collection, so valid requests reach real resources too. */
const known: Record<string, string[]> = {
  profiles: [],
  companies: [],
  'scrape-jobs': [],
  webhooks: [],
};
const requests = new OpenApiRequests(document, known);
/** The chains refer to existing companies in bodies too, so most creations succeed. */
const chainRequests = new OpenApiRequests(document, known, true);
const FAMILIES = linkFamilies(chainRequests);

/** What an answer was, read once for the checks and the model. */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface Finding {
  kind:
    | 'server error'
    | 'response violates the document'
    | 'valid refused'
    | 'invalid accepted'
    | 'model disagrees';
  request: string;
  status?: number;
  detail: string;
}

/** `CODE field:rule …` of a problem-details body, to say why a request was refused. */
function problemOf(answer: Answer): string {
  if (answer.status < 400 || typeof answer.body !== 'object' || answer.body === null) return '';
  const problem = answer.body as { code?: string; errors?: Array<{ field: string; code: string }> };
  const fields = (problem.errors ?? []).map((e) => `${e.field}:${e.code}`).join(' ');
  return `${problem.code ?? '?'} ${fields}`.trim();
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body).slice(0, 300)}`;
  const via = request.mutation ? ` [${request.mutation}]` : '';
  return `${request.method} ${urlOf(request)}${via}${body}`;
}

function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The JSON schema of a success answer of an operation, to tell representations apart. */
function successSchema(target: DocumentOperation, status: number): string | undefined {
  const schema = target.operation.responses[String(status)]?.content?.['application/json']?.schema;
  return schema === undefined ? undefined : JSON.stringify(schema);
}

/** Whether a successful DELETE removes the resource: its answer documents no content. */
function removes(target: DocumentOperation): boolean {
  if (target.method !== 'DELETE') return false;
  return Object.entries(target.operation.responses).some(
    ([status, response]) => status.startsWith('2') && response.content === undefined,
  );
}

/** A resource the chain created, as the model knows it. */
interface Resource {
  /** The values each link gives its target's parameters. */
  values: Map<string, Record<string, string>>;
  key: string;
  /** The ETag of the last answer that carried one. */
  etag?: string;
  /** The last representation answered (create, change, read). */
  representation?: unknown;
  /** Removed by a DELETE that answered no content. */
  gone: boolean;
  /**
   * The path that DELETE removed. Only operations on that very path are predicted to miss:
   * another path is another resource (a profile's history outlives the profile).
   */
  removedPath?: string;
  /** The requests made on it so far, to replay a finding by hand. */
  trail: string[];
}

interface ChainModel {
  resources: Resource[];
}

type ChainCommand = fc.AsyncCommand<ChainModel, object>;

interface ChainOutcome {
  findings: Finding[];
  /** Operations of the chain that got fewer than RUNS requests. */
  tooFew: string[];
}

/** How a chained request fills `If-Match`, when its operation takes one. */
type IfMatchChoice = 'current' | 'any' | 'generated';

describe('spec-driven fuzzing against the live api', () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  let idempotencyKeys = 0;
  const counts = {
    generated: 0,
    findings: new Map<string, number>(),
    /** `valid 201`, `invalid 400`…: what the requests met, to show the run was not vacuous. */
    outcomes: new Map<string, number>(),
    /** Chained requests per operation, to show every link was followed. */
    chained: new Map<string, number>(),
    /** Which predictions of the model the chained valid requests were checked against. */
    predictions: new Map<string, number>(),
  };
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };

  beforeAll(async () => {
    // The contract is under test here, not erasure's search of every store (its own suites
    // cover that): erasing only the named stores keeps thousands of requests quick.
    api = await startApiHarness({ PRIVACY_ERASURE_SCAN: 'false' });
    client = new OpenApiClient(api.app);
    await client.load();
    for (let i = 0; i < 3; i++) {
      const company = (
        await api.app.inject({ method: 'POST', url: '/v1/companies', payload: companyBody() })
      ).json<{ id: string; publicId: string }>();
      known.companies.push(company.id, company.publicId);
      const profile = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/profiles',
          payload: profileBody({ currentCompany: company.id }),
        })
      ).json<{ id: string; publicId: string }>();
      known.profiles.push(profile.id, profile.publicId);
      const job = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/scrape-jobs',
          payload: { profile: profile.publicId },
        })
      ).json<{ id: string }>();
      known['scrape-jobs'].push(job.id);
      const webhook = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/webhooks',
          payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['profile.updated'] },
        })
      ).json<{ id: string }>();
      known.webhooks.push(webhook.id);
    }
  });

  afterAll(async () => {
    const list = (map: Map<string, number>): string =>
      [...map]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => `${key}: ${n}`)
        .join(', ') || 'none';
    process.stdout.write(
      `openapi fuzz (seed ${SEED}): ${counts.generated} requests (${list(counts.outcomes)}); ` +
        `chained: ${list(counts.chained)}; model checks: ${list(counts.predictions)}; findings: ${list(counts.findings)}\n`,
    );
    await api?.close();
  });

  function record(findings: Finding[], finding: Finding): void {
    findings.push(finding);
    bump(counts.findings, finding.kind);
  }

  /**
   * Sends one request and applies the checks every request gets: no 5xx, the answer is one the
   * document describes, a valid request is accepted or refused only with a business error, an
   * invalid one is refused with a 4xx. Undefined when the answer could not be used at all.
   */
  async function exchange(
    request: FuzzRequest,
    findings: Finding[],
    at = describeRequest(request),
  ): Promise<Answer | undefined> {
    counts.generated++;
    let answer: Answer;
    try {
      const response = await client.request({
        // light-my-request's method type is a union of literals; these come from the document.
        method: request.method as 'GET',
        url: urlOf(request),
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body as Json }),
      });
      answer = {
        status: response.statusCode,
        headers: Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [
            name,
            typeof value === 'number' ? String(value) : value,
          ]),
        ),
        body: response.body.length > 0 ? (JSON.parse(response.body) as unknown) : undefined,
      };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const kind =
        /does not match|not documented|undocumented/.test(detail) || request.mutation
          ? 'response violates the document'
          : 'server error';
      record(findings, { kind, request: at, detail: detail.slice(0, 400) });
      return undefined;
    }
    bump(counts.outcomes, `${request.mutation ? 'invalid' : 'valid'} ${answer.status}`);
    const problem = problemOf(answer);
    if (answer.status >= 500) {
      record(findings, {
        kind: 'server error',
        request: at,
        status: answer.status,
        detail: problem,
      });
    } else if (request.mutation && answer.status < 400) {
      record(findings, {
        kind: 'invalid accepted',
        request: at,
        status: answer.status,
        detail: '',
      });
    } else if (!request.mutation && answer.status >= 400 && !BUSINESS_ERRORS.has(answer.status)) {
      record(findings, {
        kind: 'valid refused',
        request: at,
        status: answer.status,
        detail: problem,
      });
    }
    return answer;
  }

  describe.each(requests.operations)('$method $path', (target) => {
    it(`accepts ${RUNS} schema-valid requests, or refuses them only with 404/409/412/422`, async () => {
      const findings: Finding[] = [];
      for (const request of fc.sample(requests.valid(target), { seed: SEED, numRuns: RUNS })) {
        await exchange(request, findings);
      }
      expect(findings).toEqual([]);
    });

    const invalid = requests.invalid(target);
    (invalid ? it : it.skip)(`refuses ${RUNS} schema-invalid requests with a 4xx`, async () => {
      const findings: Finding[] = [];
      for (const request of fc.sample(invalid!, { seed: SEED, numRuns: RUNS })) {
        await exchange(request, findings);
      }
      expect(findings).toEqual([]);
    });
  });

  /**
   * Stateful fuzzing along the document's `links`: fast-check generates sequences of commands —
   * create through the producing operation, then any linked operation on any resource created
   * so far, valid or invalid — and a model of what was created predicts what HTTP and the
   * document promise: a linked operation finds a live resource (not 404) and, on the path a
   * `DELETE` removed, a removed one no more (404); `If-Match` with the current ETag is never 412 and a stale one never succeeds;
   * a read answers the last representation and ETag a write answered. Findings are collected
   * rather than thrown: shrinking would replay requests against a server that keeps state.
   * Answers the run of one chain: what it found and which operations got too few requests.
   */
  function chainOf(family: LinkFamily): () => Promise<ChainOutcome> {
    const representation = successSchema(family.producer, family.status);
    const chainOperations = [family.producer, ...family.links.map((link) => link.target)];

    function identify(answer: Answer): Map<string, Record<string, string>> | undefined {
      const values = new Map<string, Record<string, string>>();
      for (const link of family.links) {
        const found = linkValues(link, answer);
        if (!found) return undefined;
        values.set(link.name, found);
      }
      return values;
    }

    /** The resource an answer is about, added to the model when it is new. */
    function adopt(model: ChainModel, answer: Answer, at: string): Resource | undefined {
      const values = identify(answer);
      if (!values) return undefined;
      const key = JSON.stringify([...values]);
      let resource = model.resources.find((r) => r.key === key);
      if (!resource) {
        resource = { values, key, gone: false, trail: [] };
        model.resources.push(resource);
      }
      resource.trail.push(at);
      return resource;
    }

    /** A key no other request used, so the server never replays an earlier answer. */
    function freshKeys(request: FuzzRequest): FuzzRequest {
      const key = request.headers['idempotency-key'];
      if (request.mutation || key === undefined) return request;
      idempotencyKeys++;
      return {
        ...request,
        headers: {
          ...request.headers,
          'idempotency-key': `${idempotencyKeys}.${key}`.slice(0, 200),
        },
      };
    }

    function learn(resource: Resource, answer: Answer, target: DocumentOperation): void {
      if (answer.status >= 300) return;
      const etag = header(answer, 'etag');
      if (etag !== undefined) resource.etag = etag;
      if (successSchema(target, answer.status) === representation) {
        resource.representation = answer.body;
      }
      if (removes(target)) {
        resource.gone = true;
        resource.removedPath = target.path;
      }
    }

    function create(request: FuzzRequest, findings: Finding[]): ChainCommand {
      return {
        check: () => true,
        run: async (model) => {
          const sent = freshKeys(request);
          const at = describeRequest(sent);
          bump(counts.chained, `${family.producer.method} ${family.producer.path}`);
          const answer = await exchange(sent, findings, at);
          if (!answer || sent.mutation || answer.status !== family.status) return;
          const resource = adopt(model, answer, at);
          if (!resource) {
            record(findings, {
              kind: 'response violates the document',
              request: at,
              status: answer.status,
              detail: 'the answer lacks a value its links read',
            });
            return;
          }
          resource.gone = false;
          learn(resource, answer, family.producer);
          const location = header(answer, 'location');
          const read = family.links.find((link) => link.target.method === 'GET');
          if (
            location !== undefined &&
            read &&
            location !== fill(read, resource, read.target.path)
          ) {
            record(findings, {
              kind: 'model disagrees',
              request: at,
              detail: `Location ${location} is not the linked ${read.target.path}`,
            });
          }
        },
        toString: () => describeRequest(request),
      };
    }

    function fill(link: ResolvedLink, resource: Resource, path: string): string {
      let filled = path;
      for (const [name, value] of Object.entries(resource.values.get(link.name) ?? {})) {
        filled = filled.replace(`{${name}}`, encodeURIComponent(value));
      }
      return filled;
    }

    function follow(
      link: ResolvedLink,
      request: FuzzRequest,
      pick: number,
      ifMatch: IfMatchChoice,
      findings: Finding[],
    ): ChainCommand {
      const target = link.target;
      const takesIfMatch = (target.operation.parameters ?? []).some(
        (p) => p.in === 'header' && p.name.toLowerCase() === 'if-match',
      );
      return {
        check: (model) => model.resources.length > 0,
        run: async (model) => {
          const resource = model.resources[pick % model.resources.length];
          const sent = freshKeys({ ...request, path: fill(link, resource, request.path) });
          if (takesIfMatch && !sent.mutation) {
            if (ifMatch === 'current' && resource.etag !== undefined) {
              sent.headers = { ...sent.headers, 'if-match': resource.etag };
            } else if (ifMatch === 'any') {
              sent.headers = { ...sent.headers, 'if-match': '*' };
            }
          }
          const at = describeRequest(sent);
          bump(counts.chained, `${target.method} ${target.path}`);
          const answer = await exchange(sent, findings, at);
          const trail = [...resource.trail.slice(-5), at].map((step) => step.slice(0, 200));
          resource.trail.push(at);
          if (!answer || sent.mutation) return;
          const disagree = (detail: string): void =>
            record(findings, {
              kind: 'model disagrees',
              request: trail.join('\n  then '),
              status: answer.status,
              detail,
            });
          if (resource.gone && target.path !== resource.removedPath) return;
          if (resource.gone) {
            bump(counts.predictions, 'removed → 404');
            if (answer.status !== 404) disagree('a removed resource was still found');
            return;
          }
          bump(counts.predictions, 'live → found');
          if (answer.status === 404) disagree('a linked operation did not find a live resource');
          const condition = sent.headers['if-match']?.trim();
          if (condition !== undefined && resource.etag !== undefined) {
            const current = condition === '*' || condition === resource.etag;
            bump(
              counts.predictions,
              current ? 'If-Match current → not 412' : 'If-Match stale → refused',
            );
            if (current && answer.status === 412) disagree(`If-Match ${condition} is current`);
            if (!current && answer.status < 300) {
              disagree(`If-Match ${condition} is stale (current ${resource.etag})`);
            }
          }
          if (target.method === 'GET' && answer.status === 200) {
            const etag = header(answer, 'etag');
            if (resource.etag !== undefined && etag !== undefined) {
              bump(counts.predictions, 'read ETag = last write');
              if (etag !== resource.etag) {
                disagree(`read ETag ${etag} after the write answered ${resource.etag}`);
              }
            }
            if (
              successSchema(target, 200) === representation &&
              resource.representation !== undefined
            ) {
              bump(counts.predictions, 'read body = last answer');
              if (!isDeepStrictEqual(answer.body, resource.representation)) {
                disagree(
                  `read ${JSON.stringify(answer.body).slice(0, 300)} after the last answer ` +
                    JSON.stringify(resource.representation).slice(0, 300),
                );
              }
            }
          }
          if (answer.status < 300 && successSchema(target, answer.status) === representation) {
            // The answer may be about another resource of the family (a new one); adopt it.
            const about = identify(answer);
            if (about && JSON.stringify([...about]) !== resource.key) {
              const other = adopt(model, answer, at);
              if (other) learn(other, answer, target);
              return;
            }
          }
          learn(resource, answer, target);
        },
        toString: () => `${describeRequest(request)} on resource #${pick}`,
      };
    }

    return async () => {
      const findings: Finding[] = [];
      const before = new Map(counts.chained);
      const open = (link: ResolvedLink): Set<string> => new Set(Object.keys(link.parameters));
      // One command kind per operation; a valid request three times as often as an invalid
      // one (the stateless runs above already send 100 invalid ones per operation).
      const mixed = (valid: Arbitrary<FuzzRequest>, invalid: Arbitrary<FuzzRequest> | undefined) =>
        invalid
          ? fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: invalid })
          : valid;
      const choice = fc.constantFrom<IfMatchChoice>('current', 'current', 'any', 'generated');
      const commands: Array<Arbitrary<ChainCommand>> = [
        mixed(chainRequests.valid(family.producer), chainRequests.invalid(family.producer)).map(
          (r) => create(r, findings),
        ),
        ...family.links.map((link) =>
          fc
            .tuple(
              mixed(
                chainRequests.valid(link.target, open(link)),
                chainRequests.invalid(link.target, open(link)),
              ),
              fc.nat(),
              choice,
            )
            .map(([r, pick, ifMatch]) => follow(link, r, pick, ifMatch, findings)),
        ),
      ];
      const property = fc.asyncProperty(
        fc.commands(commands, { maxCommands: CHAIN_MAX_COMMANDS, size: 'max' }),
        (sequence) =>
          fc.asyncModelRun(
            (): { model: ChainModel; real: object } => ({ model: { resources: [] }, real: {} }),
            sequence,
          ),
      );
      const tooFew = (): string[] =>
        chainOperations
          .map((op) => `${op.method} ${op.path}`)
          .filter((key) => (counts.chained.get(key) ?? 0) - (before.get(key) ?? 0) < RUNS);
      // Another round (its own seed, derived from the first) while some operation got fewer
      // than RUNS requests, as other seeds than the fixed one may make; bounded.
      for (
        let round = 0;
        round < CHAIN_MAX_ROUNDS && (round === 0 || tooFew().length > 0);
        round++
      ) {
        await fc.assert(property, {
          seed: SEED + round,
          numRuns: CHAIN_RUNS_PER_OPERATION * chainOperations.length,
        });
      }
      return { findings, tooFew: tooFew() };
    };
  }

  describe('stateful, along the links', () => {
    beforeAll(async () => {
      // The stateless runs may have deleted the first companies; references need live ones.
      known.companies.length = 0;
      for (let i = 0; i < 3; i++) {
        const company = (
          await api.app.inject({ method: 'POST', url: '/v1/companies', payload: companyBody() })
        ).json<{ id: string; publicId: string }>();
        known.companies.push(company.id, company.publicId);
      }
    });

    it(`follows every link with ${RUNS}+ requests per operation; the model and the document hold`, async () => {
      // The chains touch disjoint resources, so they run side by side: one api, overlapping waits.
      // Erasure is the exception: it removes (and suppresses) the very profiles the other chains
      // follow, so its chain runs once they are done.
      const erases = (family: (typeof FAMILIES)[number]): boolean =>
        family.producer.path === '/v1/erasure-requests';
      const side = await Promise.all(
        FAMILIES.filter((family) => !erases(family)).map((family) => chainOf(family)()),
      );
      const after: ChainOutcome[] = [];
      for (const family of FAMILIES.filter(erases)) after.push(await chainOf(family)());
      const outcomes = FAMILIES.map((family) =>
        erases(family)
          ? after[FAMILIES.filter(erases).indexOf(family)]
          : side[FAMILIES.filter((f) => !erases(f)).indexOf(family)],
      );
      const named = (pick: (outcome: ChainOutcome) => unknown[]): Record<string, unknown[]> =>
        Object.fromEntries(
          FAMILIES.map((f, i) => [`${f.producer.method} ${f.producer.path}`, pick(outcomes[i])]),
        );
      const nothing = Object.fromEntries(
        FAMILIES.map((f) => [`${f.producer.method} ${f.producer.path}`, []]),
      );
      expect(named((o) => o.findings)).toEqual(nothing);
      // Fewer would mean a link stopped being followed (creations failing, say).
      expect(named((o) => o.tooFew)).toEqual(nothing);
    });
  });

  it('the document links profiles, companies and scrape jobs to their operations', () => {
    const chains = FAMILIES.map(
      (f) =>
        `${f.producer.method} ${f.producer.path} → ${f.links.map((l) => `${l.target.method} ${l.target.path}`).join(', ')}`,
    );
    expect(chains).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/v1\/profiles → .*GET \/v1\/profiles\/\{id\}.*PATCH.*DELETE/),
        expect.stringMatching(
          /^POST \/v1\/companies → .*GET \/v1\/companies\/\{id\}.*PATCH.*DELETE/,
        ),
        expect.stringMatching(/^POST \/v1\/scrape-jobs → .*GET \/v1\/scrape-jobs\/\{id\}.*DELETE/),
      ]),
    );
  });
});
