import { Controller, Get, Logger, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { RouteConfig } from '@nestjs/platform-fastify';
import { DomainError } from '@scout/common';
import { ApiKeyGuard } from './api-key.guard';
import type { ApiPrincipal } from './api-keys.types';
import { accessRuleOf, Public, RequireScope } from './auth.decorators';
import type { Scope } from './scopes';

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

  @Post('bulk')
  @RequireScope('profiles:write')
  @RouteConfig({ bodyLimit: 1024 })
  bulk(): void {}
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  undeclared(): void {}
}

interface FakeRequest {
  principal?: ApiPrincipal;
}

/** The route config Nest hands to Fastify for a controller method. */
function routeConfigOf(controller: new () => object, method: string): unknown {
  const handler = (controller.prototype as Record<string, () => void>)[method];
  return Reflect.getMetadata('__fastify_route_config__', handler);
}

/** A request on `controller.method`, authenticated (by the gate) as a key holding `scopes`. */
function context(
  controller: new () => object,
  method: string,
  scopes?: Scope[],
): { ctx: ExecutionContextHost; request: FakeRequest } {
  const request: FakeRequest = scopes ? { principal: { keyId: 'k1', scopes } } : {};
  const ctx = new ExecutionContextHost([request, {}]);
  ctx.setType('http');
  const handler = (controller.prototype as Record<string, () => void>)[method];
  jest.spyOn(ctx, 'getClass').mockReturnValue(controller);
  jest.spyOn(ctx, 'getHandler').mockReturnValue(handler);
  return { ctx, request };
}

function rejection(check: () => boolean): DomainError {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the guard to reject');
}

describe('ApiKeyGuard', () => {
  const guard = new ApiKeyGuard(new Reflector());

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  afterAll(() => {
    Logger.overrideLogger(true);
  });

  it('lets a public route through without a principal', () => {
    expect(guard.canActivate(context(ThingsController, 'open').ctx)).toBe(true);
  });

  it('401 with the Bearer challenge when a scoped route arrives without a principal', () => {
    const error = rejection(() => guard.canActivate(context(ThingsController, 'list').ctx));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.headers).toEqual({ 'www-authenticate': 'Bearer realm="scout"' });
  });

  it('takes the class scope and lets a method override it', () => {
    expect(guard.canActivate(context(ThingsController, 'list', ['profiles:read']).ctx)).toBe(true);
    const error = rejection(() =>
      guard.canActivate(context(ThingsController, 'write', ['profiles:read']).ctx),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.extensions).toEqual({ requiredScope: 'profiles:write' });
    expect(error.headers).toBeUndefined();
  });

  it('admin passes every declared scope', () => {
    expect(guard.canActivate(context(ThingsController, 'write', ['admin']).ctx)).toBe(true);
  });

  it('fails closed: a route without a rule is 401 without a key and 403 even for admin', () => {
    const anonymous = rejection(() =>
      guard.canActivate(context(ForgottenController, 'undeclared').ctx),
    );
    expect(anonymous.code).toBe('UNAUTHORIZED');
    const admin = rejection(() =>
      guard.canActivate(context(ForgottenController, 'undeclared', ['admin']).ctx),
    );
    expect(admin.code).toBe('FORBIDDEN');
  });
});

describe('access rules in the Fastify route config (what the request gate reads)', () => {
  it('carries the same rule the guard reads: class scope, method override, public', () => {
    expect(accessRuleOf(routeConfigOf(ThingsController, 'list'))).toEqual({
      scope: 'profiles:read',
    });
    expect(accessRuleOf(routeConfigOf(ThingsController, 'write'))).toEqual({
      scope: 'profiles:write',
    });
    expect(accessRuleOf(routeConfigOf(ThingsController, 'open'))).toEqual({ public: true });
    expect(accessRuleOf(routeConfigOf(ForgottenController, 'undeclared'))).toBeUndefined();
  });

  it('keeps what @RouteConfig set below it', () => {
    expect(routeConfigOf(ThingsController, 'bulk')).toEqual({
      bodyLimit: 1024,
      scoutAccess: { scope: 'profiles:write' },
    });
  });
});
