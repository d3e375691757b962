import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiPrincipal } from './api-keys.types';
import { ACCESS_METADATA, type AccessRule } from './auth.decorators';
import { AuthErrors } from './auth.errors';
import { grants } from './scopes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key that authenticated this request; unset on public routes. */
    principal?: ApiPrincipal;
  }
}

/**
 * The api's scope check, installed as a global guard. The request gate (`@scout/rate-limit`)
 * has already authenticated the key in Fastify's `onRequest`, before the body was read, and
 * attached the principal; this guard, which runs after routing with Nest's metadata at hand,
 * decides what the key may do: a route is public only when it says so (`@Public()`), otherwise
 * the key must hold the scope the route declares (403 when not). A route that declares nothing
 * is denied to every key, so a forgotten decorator fails closed. A non-public route reached
 * without a principal (the gate not installed) is refused too.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('ApiKeyGuard');
  /** Routes without a rule already reported, so the log says it once per route. */
  private readonly reported = new WeakSet<object>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      handler,
      context.getClass(),
    ]);
    if (rule && 'public' in rule) return true;

    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw AuthErrors.missingCredentials();
    if (!rule) {
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
