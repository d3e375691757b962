import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service';
import type { ApiPrincipal } from './api-keys.types';
import { ACCESS_METADATA, type AccessRule } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { presentedKey } from './credentials';
import { grants } from './scopes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key that authenticated this request; unset on public routes. */
    principal?: ApiPrincipal;
  }
}

/**
 * The api's one access check, installed as a global guard: a route is public only when it
 * says so (`@Public()`), otherwise it needs a valid key (401 with `WWW-Authenticate` when
 * missing, wrong or revoked) holding the scope the route declares (403 when not). A route that
 * declares nothing is denied to every key, so a forgotten decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('ApiKeyGuard');
  /** Routes without a rule already reported, so the log says it once per route. */
  private readonly reported = new WeakSet<object>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  /**
   * Synchronous whenever it can be: on public routes, and for a key whose lookup this process
   * holds in its cache (nearly every request), so the check creates no promise of its own.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const handler = context.getHandler();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      handler,
      context.getClass(),
    ]);
    if (rule && 'public' in rule) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const presented = presentedKey(request.headers);
    if (presented === undefined) throw AuthErrors.missingCredentials();
    const cached = this.keys.authenticateCached(presented);
    if (cached) return this.authorize(context, request, cached.principal, rule);
    return this.keys
      .authenticate(presented)
      .then((principal) => this.authorize(context, request, principal, rule));
  }

  private authorize(
    context: ExecutionContext,
    request: FastifyRequest,
    principal: ApiPrincipal | undefined,
    rule: Extract<AccessRule, { scope: unknown }> | undefined,
  ): boolean {
    if (!principal) throw AuthErrors.invalidKey();
    request.principal = principal;
    if (!rule) {
      const handler = context.getHandler();
      if (!this.reported.has(handler)) {
        this.reported.add(handler);
        this.logger.error(
          { handler: `${context.getClass().name}.${handler.name}` },
          'route declares neither @RequireScope nor @Public; denied to every key',
        );
      }
      throw AuthErrors.noScopeDeclared();
    }
    if (!grants(principal.scopes, rule.scope)) throw AuthErrors.missingScope(rule.scope);
    return true;
  }
}
