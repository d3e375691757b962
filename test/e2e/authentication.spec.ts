import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  ACCESS_METADATA,
  type AccessRule,
  accessRuleOf,
  ApiKeysService,
  type Scope,
  SCOPES,
  WWW_AUTHENTICATE,
} from '@scout/auth';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { companyBody, profileBody, uniquePublicId } from '../support/factories';
import { OpenApiClient } from '../support/openapi-client';

jest.setTimeout(60_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { headers?: Record<string, unknown> }>;
  'x-required-scope'?: string;
}

const OPERATIONS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Verb = Uppercase<(typeof OPERATIONS)[number]>;
/** Test-only routes, public on purpose (process-level tests call them without a key). */
const TEST_ROUTES = /^\/v1\/test\//;
const SOME_ID = '0123456789abcdef01234567';

describe('authentication and authorization', () => {
  let api: ApiHarness;
  let client: OpenApiClient;
  const keys: Partial<Record<Scope, string>> = {};

  async function createKey(scopes: Scope[], name = `e2e ${scopes.join('+')}`): Promise<string> {
    return (await api.app.get(ApiKeysService).create({ name, scopes })).key;
  }

  function expectUnauthorized(response: { statusCode: number; headers: Json; json(): Json }) {
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  }

  beforeAll(async () => {
    api = await startApiHarness();
    client = new OpenApiClient(api.app);
    await client.load();
    for (const scope of SCOPES) keys[scope] = await createKey([scope]);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('every /v1 route (from the OpenAPI document)', () => {
    let operations: Array<{ method: Verb; path: string; operation: OpenApiOperation }>;

    beforeAll(async () => {
      const doc = (await api.injectAnonymous({ method: 'GET', url: '/docs-json' })).json<{
        paths: Record<string, Partial<Record<(typeof OPERATIONS)[number], OpenApiOperation>>>;
        components: { securitySchemes: Json };
      }>();
      expect(doc.components.securitySchemes).toEqual({
        bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
        apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      });
      operations = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/v1/') && !TEST_ROUTES.test(path))
        .flatMap(([path, item]) =>
          OPERATIONS.flatMap((method) => {
            const operation = item[method];
            return operation ? [{ method: method.toUpperCase() as Verb, path, operation }] : [];
          }),
        );
    });

    it("are all there: profiles, companies, scrape jobs, people's data and webhooks", () => {
      expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
        [
          'DELETE /v1/companies/{id}',
          'DELETE /v1/profiles/{id}',
          'DELETE /v1/scrape-jobs/{id}',
          'DELETE /v1/suppressions/{hash}',
          'GET /v1/erasure-requests/{id}',
          'GET /v1/profiles/{id}/export',
          'GET /v1/profiles/{id}/history',
          'GET /v1/profiles/{id}/history/{version}',
          'POST /v1/erasure-requests',
          'GET /v1/companies',
          'GET /v1/companies/{id}',
          'GET /v1/companies/{id}/profiles',
          'GET /v1/profiles',
          'GET /v1/profiles/{id}',
          'GET /v1/scrape-jobs',
          'GET /v1/scrape-jobs/{id}',
          'PATCH /v1/companies/{id}',
          'PATCH /v1/profiles/{id}',
          'POST /v1/companies',
          'POST /v1/profiles',
          'POST /v1/profiles/batch',
          'POST /v1/scrape-jobs',
          'POST /v1/scrape-jobs/batch',
          'POST /v1/scrape-jobs/replay',
          'POST /v1/scrape-jobs/{id}/retry',
          'DELETE /v1/webhooks/{id}',
          'GET /v1/webhooks',
          'GET /v1/webhooks/{id}',
          'GET /v1/webhooks/{id}/deliveries',
          'PATCH /v1/webhooks/{id}',
          'POST /v1/webhooks',
          'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
        ].sort(),
      );
    });

    it('each documents its scope, both security schemes, 401 with WWW-Authenticate, and 403', () => {
      for (const { method, path, operation } of operations) {
        const where = `${method} ${path}`;
        expect([where, operation['x-required-scope']]).toEqual([where, expect.any(String)]);
        expect(SCOPES).toContain(operation['x-required-scope']);
        expect([where, operation.security]).toEqual([where, [{ bearer: [] }, { apiKey: [] }]]);
        expect(operation.responses['401']?.headers).toHaveProperty('WWW-Authenticate');
        expect(operation.responses['403']).toBeDefined();
      }
    });

    it('each answers 401 without a key and 403 to a key holding every other scope but admin', async () => {
      const allBut = new Map<Scope, string>();
      for (const { method, path, operation } of operations) {
        const url = path.replace(/\{[^}]+\}/g, SOME_ID);
        const required = operation['x-required-scope'] as Scope;
        const anonymous = await api.injectAnonymous({ method, url });
        expect([method, path, anonymous.statusCode]).toEqual([method, path, 401]);
        expectUnauthorized(anonymous);

        if (!allBut.has(required)) {
          allBut.set(
            required,
            await createKey(SCOPES.filter((s) => s !== required && s !== 'admin')),
          );
        }
        const lacking = await client.request({
          method,
          url,
          headers: { authorization: `Bearer ${allBut.get(required) ?? ''}` },
        });
        expect([method, path, lacking.statusCode]).toEqual([method, path, 403]);
        expect(lacking.json<Json>()).toMatchObject({ code: 'FORBIDDEN', requiredScope: required });
      }
    });

    it("read routes need profiles:read; writes profiles:write; scrape requests scrape:write; people's data privacy:read/write; bulk replay, lifting suppressions and webhooks admin", () => {
      const scopeOf = (method: string, path: string) =>
        operations.find((o) => o.method === method && o.path === path)?.operation[
          'x-required-scope'
        ];
      const privacy = (path: string) =>
        path.startsWith('/v1/erasure-requests') || path.endsWith('/export');
      for (const { method, path } of operations) {
        const expected =
          path === '/v1/scrape-jobs/replay' ||
          path.startsWith('/v1/suppressions') ||
          path.startsWith('/v1/webhooks')
            ? 'admin'
            : privacy(path)
              ? method === 'GET'
                ? 'privacy:read'
                : 'privacy:write'
              : method === 'GET'
                ? 'profiles:read'
                : path.startsWith('/v1/scrape-jobs')
                  ? 'scrape:write'
                  : 'profiles:write';
        expect([method, path, scopeOf(method, path)]).toEqual([method, path, expected]);
      }
    });
  });

  it('every Nest route declares an access rule; only probes and test routes are public', () => {
    const reflector = api.app.get(Reflector);
    const publicRoutes: string[] = [];
    let routes = 0;
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as { name: string; prototype: object };
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || name === 'constructor') continue;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (method === undefined || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
          routes += 1;
          const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
            handler as () => void,
            controller as never,
          ]);
          const where = `${controller.name}.${name}`;
          expect([where, rule]).toEqual([where, expect.any(Object)]);
          // The request gate reads the rule from the Fastify route config, before the body.
          const routeConfig: unknown = Reflect.getMetadata('__fastify_route_config__', handler);
          expect([where, accessRuleOf(routeConfig)]).toEqual([where, rule]);
          if (rule && 'public' in rule) publicRoutes.push(controller.name);
        }
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect([...new Set(publicRoutes)].sort()).toEqual(['HealthController', 'TestRoutesController']);
  });

  describe('401', () => {
    it('without a key, with the Bearer challenge', async () => {
      expectUnauthorized(await api.injectAnonymous({ method: 'GET', url: '/v1/profiles' }));
    });

    it.each([
      ['a malformed key', 'not-a-key'],
      ['an unknown key', 'sk_ZZZZZZZZ_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['another scheme', 'Basic dXNlcjpwYXNz'],
    ])('with %s', async (_label, value) => {
      const authorization = value.startsWith('Basic') ? value : `Bearer ${value}`;
      const response = await client.request({
        method: 'GET',
        url: '/v1/profiles',
        headers: { authorization },
      });
      expectUnauthorized(response);
    });

    it('with the right prefix but a wrong secret', async () => {
      const key = keys['profiles:read'] ?? '';
      const forged = `${key.slice(0, 12)}${'A'.repeat(32)}`;
      expectUnauthorized(
        await client.request({
          method: 'GET',
          url: '/v1/profiles',
          headers: { 'x-api-key': forged },
        }),
      );
    });

    it('with a revoked key, at once', async () => {
      const key = await createKey(['profiles:read']);
      const headers = { authorization: `Bearer ${key}` };
      expect(
        (await client.request({ method: 'GET', url: '/v1/profiles', headers })).statusCode,
      ).toBe(200);
      await api.app.get(ApiKeysService).revoke(key.split('_')[1]);
      expectUnauthorized(await client.request({ method: 'GET', url: '/v1/profiles', headers }));
    });
  });

  describe('scopes', () => {
    it('profiles:read reads, by Authorization or X-API-Key, but may not write (403)', async () => {
      const key = keys['profiles:read'] ?? '';
      const byBearer = await client.request({
        method: 'GET',
        url: '/v1/profiles',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(byBearer.statusCode).toBe(200);
      const byHeader = await client.request({
        method: 'GET',
        url: '/v1/companies',
        headers: { 'x-api-key': key },
      });
      expect(byHeader.statusCode).toBe(200);
      const write = await client.request({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
        headers: { 'x-api-key': key },
      });
      expect(write.statusCode).toBe(403);
      expect(write.headers['www-authenticate']).toBeUndefined();
      expect(write.json<Json>()).toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
        requiredScope: 'profiles:write',
      });
    });

    it('profiles:write writes but may not read; scrape:write requests scrapes only', async () => {
      const writer = { 'x-api-key': keys['profiles:write'] ?? '' };
      const created = await client.request({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
        headers: writer,
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<Json>().id as string;
      expect(
        (await client.request({ method: 'GET', url: `/v1/profiles/${id}`, headers: writer }))
          .statusCode,
      ).toBe(403);

      const scraper = { 'x-api-key': keys['scrape:write'] ?? '' };
      const scrape = await client.request({
        method: 'POST',
        url: '/v1/scrape-jobs',
        payload: { profile: uniquePublicId('auth') },
        headers: scraper,
      });
      expect(scrape.statusCode).toBe(202);
      expect(
        (await client.request({ method: 'GET', url: '/v1/scrape-jobs', headers: scraper }))
          .statusCode,
      ).toBe(403);
    });

    it('admin implies every scope', async () => {
      const admin = { authorization: `Bearer ${keys.admin ?? ''}` };
      const company = await client.request({
        method: 'POST',
        url: '/v1/companies',
        payload: companyBody(),
        headers: admin,
      });
      expect(company.statusCode).toBe(201);
      const profile = await client.request({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
        headers: admin,
      });
      expect(profile.statusCode).toBe(201);
      const read = await client.request({
        method: 'GET',
        url: `/v1/profiles/${profile.json<Json>().id as string}`,
        headers: admin,
      });
      expect(read.statusCode).toBe(200);
      const scrape = await client.request({
        method: 'POST',
        url: '/v1/scrape-jobs/batch',
        payload: { profiles: [uniquePublicId('auth')] },
        headers: admin,
      });
      expect(scrape.statusCode).toBe(202);
      expect(
        (await client.request({ method: 'GET', url: '/v1/scrape-jobs', headers: admin }))
          .statusCode,
      ).toBe(200);
    });
  });

  describe('public routes', () => {
    it('probes and the docs need no key', async () => {
      for (const url of ['/health/live', '/health/ready', '/docs', '/docs-json']) {
        expect([url, (await api.injectAnonymous({ method: 'GET', url })).statusCode]).toEqual([
          url,
          200,
        ]);
      }
    });

    it('DOCS_PUBLIC=false puts the docs behind an admin key', async () => {
      const closed = await startApiHarness(
        { ...api.env, DOCS_PUBLIC: 'false' },
        { syncIndexes: false },
      );
      try {
        const reader = (
          await closed.app.get(ApiKeysService).create({
            name: 'docs reader',
            scopes: ['profiles:read'],
          })
        ).key;
        for (const url of ['/docs', '/docs-json']) {
          expectUnauthorized(await closed.injectAnonymous({ method: 'GET', url }));
          const forbidden = await closed.injectAnonymous({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${reader}` },
          });
          expect(forbidden.statusCode).toBe(403);
          expect(forbidden.json<Json>().requiredScope).toBe('admin');
          expect((await closed.app.inject({ method: 'GET', url })).statusCode).toBe(200);
        }
        expect(
          (await closed.injectAnonymous({ method: 'GET', url: '/health/live' })).statusCode,
        ).toBe(200);
      } finally {
        await closed.close();
      }
    });
  });

  describe('cost', () => {
    it('a known key is looked up once, then served from the cache', async () => {
      const model = api.app.get<Model<unknown>>(getModelToken('ApiKey'));
      const key = await createKey(['profiles:read']);
      const findOne = jest.spyOn(model, 'findOne');
      try {
        for (let i = 0; i < 20; i += 1) {
          const response = await api.app.inject({
            method: 'GET',
            url: '/health/live',
          });
          expect(response.statusCode).toBe(200);
          const read = await api.injectAnonymous({
            method: 'GET',
            url: '/v1/profiles?limit=1',
            headers: { 'x-api-key': key },
          });
          expect(read.statusCode).toBe(200);
        }
        expect(findOne).toHaveBeenCalledTimes(1);
      } finally {
        findOne.mockRestore();
      }
    });

    it('lastUsedAt is written once per minute, not once per request', async () => {
      const model = api.app.get<Model<unknown>>(getModelToken('ApiKey'));
      const key = await createKey(['profiles:read'], 'usage probe');
      const updateOne = jest.spyOn(model, 'updateOne');
      try {
        for (let i = 0; i < 10; i += 1) {
          await api.injectAnonymous({
            method: 'GET',
            url: '/v1/companies?limit=1',
            headers: { 'x-api-key': key },
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(updateOne).toHaveBeenCalledTimes(1);
      } finally {
        updateOne.mockRestore();
      }
      const listed = (await api.app.get(ApiKeysService).list()).find(
        (k) => k.prefix === key.split('_')[1],
      );
      expect(listed?.lastUsedAt).toEqual(expect.any(String));
    });
  });

  it('never writes key material to the logs', async () => {
    const noisy = await startApiHarness({ ...api.env, LOG_LEVEL: 'debug' }, { syncIndexes: false });
    try {
      const service = noisy.app.get(ApiKeysService);
      const { key, apiKey } = await service.create({
        name: 'log probe',
        scopes: ['profiles:read'],
      });
      const secret = key.split('_')[2];
      await noisy.injectAnonymous({
        method: 'GET',
        url: '/v1/profiles',
        headers: { authorization: `Bearer ${key}` },
      });
      await noisy.injectAnonymous({
        method: 'POST',
        url: '/v1/profiles',
        payload: profileBody(),
        headers: { 'x-api-key': key },
      });
      await noisy.injectAnonymous({
        method: 'GET',
        url: '/v1/profiles',
        headers: { authorization: `Bearer ${key.slice(0, -4)}zzzz` },
      });
      await service.revoke(apiKey.id);
      await noisy.injectAnonymous({
        method: 'GET',
        url: '/v1/profiles',
        headers: { authorization: `Bearer ${key}` },
      });
      // Lines logged outside a request go to the process's first harness (nestjs-pino keeps
      // one out-of-request logger per process): read both.
      const logged = JSON.stringify([...noisy.logs, ...api.logs]);
      expect(noisy.logs.filter((l) => l.msg === 'request rejected')).toHaveLength(3);
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(`${key.slice(0, -4)}zzzz`.split('_')[2]);
      expect(logged).not.toMatch(/sk_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}/);
      expect(logged).not.toMatch(/[0-9a-f]{64}/);
    } finally {
      await noisy.close();
    }
  });
});
