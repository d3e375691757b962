import { Controller, Get, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { DomainError } from '@scout/common';
import { ApiKeyGuard } from './api-key.guard';
import type { ApiKeysService } from './api-keys.service';
import type { ApiPrincipal } from './api-keys.types';
import { Public, RequireScope } from './auth.decorators';
import type { Scope } from './scopes';

const KEY = 'sk_AbCd1234_abcdefghijklmnopqrstuvwxyzABCDEF';

@Controller('things')
@RequireScope('profiles:read')
class ThingsController {
  @Get()
  list(): void {}

  @Get('write')
  @RequireScope('profiles:write')
  write(): void {}

  @Get('open')
  @Public()
  open(): void {}
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  undeclared(): void {}
}

interface FakeRequest {
  headers: Record<string, string>;
  principal?: ApiPrincipal;
}

/**
 * A guard whose key store knows one key with `scopes`, and counts lookups. `cached`: the key's
 * lookup is held in the process's cache (the synchronous path), or not (the promise path).
 */
function guardWith(scopes: Scope[], cached = false): { guard: ApiKeyGuard; lookups: () => number } {
  let lookups = 0;
  const principal = (presented: string): ApiPrincipal | undefined =>
    presented === KEY ? { keyId: 'k1', scopes } : undefined;
  const keys = {
    authenticateCached: (presented: string) => {
      if (!cached) return undefined;
      lookups += 1;
      return { principal: principal(presented) };
    },
    authenticate: async (presented: string): Promise<ApiPrincipal | undefined> => {
      lookups += 1;
      return principal(presented);
    },
  } as unknown as ApiKeysService;
  return { guard: new ApiKeyGuard(new Reflector(), keys), lookups: () => lookups };
}

function context(
  controller: new () => object,
  method: string,
  headers: Record<string, string> = {},
): { ctx: ExecutionContextHost; request: FakeRequest } {
  const request: FakeRequest = { headers };
  const ctx = new ExecutionContextHost([request, {}]);
  ctx.setType('http');
  const handler = (controller.prototype as Record<string, () => void>)[method];
  jest.spyOn(ctx, 'getClass').mockReturnValue(controller);
  jest.spyOn(ctx, 'getHandler').mockReturnValue(handler);
  return { ctx, request };
}

async function rejection(check: () => boolean | Promise<boolean>): Promise<DomainError> {
  try {
    await check();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the guard to reject');
}

describe('ApiKeyGuard', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterAll(() => {
    Logger.overrideLogger(true);
  });

  const bearer = { authorization: `Bearer ${KEY}` };

  it('lets a public route through without looking at credentials', async () => {
    const { guard, lookups } = guardWith([]);
    const { ctx } = context(ThingsController, 'open', { authorization: 'Basic nonsense' });
    expect(guard.canActivate(ctx)).toBe(true);
    expect(lookups()).toBe(0);
  });

  it('401 with the Bearer challenge without a key, and for a key it does not know', async () => {
    const { guard } = guardWith(['admin']);
    const attempts: Array<Record<string, string>> = [{}, { 'x-api-key': `${KEY}x` }];
    for (const headers of attempts) {
      const error = await rejection(() =>
        guard.canActivate(context(ThingsController, 'list', headers).ctx),
      );
      expect(error.code).toBe('UNAUTHORIZED');
      expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="scout"' });
    }
  });

  it('takes the class scope, lets a method override it, and attaches the principal', async () => {
    const { guard } = guardWith(['profiles:read']);
    const read = context(ThingsController, 'list', bearer);
    await expect(guard.canActivate(read.ctx)).resolves.toBe(true);
    expect(read.request.principal).toEqual({ keyId: 'k1', scopes: ['profiles:read'] });
    const error = await rejection(() =>
      guard.canActivate(context(ThingsController, 'write', bearer).ctx),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.extensions).toEqual({ requiredScope: 'profiles:write' });
    expect(error.headers).toBeUndefined();
  });

  it('answers without a promise when the key is cached, with the same rules', async () => {
    const { guard, lookups } = guardWith(['profiles:read'], true);
    expect(guard.canActivate(context(ThingsController, 'list', bearer).ctx)).toBe(true);
    expect(lookups()).toBe(1);
    expect(() => guard.canActivate(context(ThingsController, 'write', bearer).ctx)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      guard.canActivate(context(ThingsController, 'list', { 'x-api-key': `${KEY}x` }).ctx),
    ).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });

  it('admin passes every declared scope', async () => {
    const { guard } = guardWith(['admin']);
    await expect(guard.canActivate(context(ThingsController, 'write', bearer).ctx)).resolves.toBe(
      true,
    );
  });

  it('fails closed: a route without a rule is 401 without a key and 403 even for admin', async () => {
    const { guard } = guardWith(['admin']);
    const anonymous = await rejection(() =>
      guard.canActivate(context(ForgottenController, 'undeclared').ctx),
    );
    expect(anonymous.code).toBe('UNAUTHORIZED');
    const admin = await rejection(() =>
      guard.canActivate(context(ForgottenController, 'undeclared', bearer).ctx),
    );
    expect(admin.code).toBe('FORBIDDEN');
  });
});
