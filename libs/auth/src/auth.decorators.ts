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

/** A route's access rule: open to anyone, or to keys holding one scope. */
export type AccessRule = { public: true } | { scope: Scope };

/** Names of the OpenAPI security schemes (see the api's OpenAPI setup). */
export const SECURITY_SCHEMES = { bearer: 'bearer', apiKey: 'apiKey' } as const;

/**
 * Declares the scope a route (or every route of a controller) needs. The guard denies routes
 * without a rule, so forgetting this closes a route instead of opening it. Also documents the
 * rule in OpenAPI: both security schemes, 401 and 403, and `x-required-scope`.
 */
export function RequireScope(scope: Scope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, { scope } satisfies AccessRule),
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
  return SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);
}
