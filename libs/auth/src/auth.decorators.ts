import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { WWW_AUTHENTICATE } from './auth.errors';
import type { Scope } from './scopes';

/** Metadata key of a route's access rule, read by ApiKeyGuard. */
export const ACCESS_METADATA = 'scout:access';

/**
 * Key of the same rule in the Fastify route's `config`, where hooks that run before the body
 * is read (and before Nest sees the request) can find it.
 */
export const ACCESS_ROUTE_CONFIG = 'scoutAccess';

/** Nest copies this metadata of a route method into the Fastify route's `config`. */
const FASTIFY_ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/** A route's access rule: open to anyone, or to keys holding one scope. */
export type AccessRule = { public: true } | { scope: Scope };

/** The access rule a Fastify route's `config` carries, if its controller declared one. */
export function accessRuleOf(routeConfig: unknown): AccessRule | undefined {
  return (routeConfig as Record<string, AccessRule | undefined> | undefined)?.[ACCESS_ROUTE_CONFIG];
}

function withRouteAccess(method: object, rule: AccessRule, override: boolean): void {
  const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, method) as
    Record<string, unknown> | undefined;
  if (!override && config?.[ACCESS_ROUTE_CONFIG] !== undefined) return;
  Reflect.defineMetadata(
    FASTIFY_ROUTE_CONFIG_METADATA,
    { ...config, [ACCESS_ROUTE_CONFIG]: rule },
    method,
  );
}

/**
 * Copies a rule into the Fastify route config of the method it decorates, or of every method
 * of the class that has no rule of its own (class decorators run after method decorators, so
 * a method's own rule wins, as in the guard). Merged into what `@RouteConfig` set below it;
 * a `@RouteConfig` written above it would replace it, so keep `@RouteConfig` below.
 */
function routeAccess(rule: AccessRule): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      withRouteAccess(descriptor.value as object, rule, true);
      return;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const member = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (name !== 'constructor' && typeof member === 'function') {
        withRouteAccess(member, rule, false);
      }
    }
  };
}

/** Names of the OpenAPI security schemes (see the api's OpenAPI setup). */
export const SECURITY_SCHEMES = { bearer: 'bearer', apiKey: 'apiKey' } as const;

/**
 * Declares the scope a route (or every route of a controller) needs. The guard denies routes
 * without a rule, so forgetting this closes a route instead of opening it. Also documents the
 * rule in OpenAPI: both security schemes, 401 and 403, and `x-required-scope`, and hands it to
 * the request gate, which authenticates before the body is read.
 */
export function RequireScope(scope: Scope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, { scope } satisfies AccessRule),
    routeAccess({ scope }),
    ApiBearerAuth(SECURITY_SCHEMES.bearer),
    ApiSecurity(SECURITY_SCHEMES.apiKey),
    ApiExtension('x-required-scope', scope),
    ApiUnauthorizedResponse({
      description: 'UNAUTHORIZED: no API key, or an invalid or revoked one',
      headers: {
        'WWW-Authenticate': {
          description: `Always \`${WWW_AUTHENTICATE}\``,
          schema: { type: 'string' },
        },
      },
    }),
    ApiForbiddenResponse({ description: `FORBIDDEN: the API key lacks the \`${scope}\` scope` }),
  );
}

/**
 * Marks a route (or controller) as needing no key: probes, and test-only routes. Explicit, so
 * a public route is a reviewed decision rather than a missing decorator.
 */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule),
    routeAccess({ public: true }),
  );
}
