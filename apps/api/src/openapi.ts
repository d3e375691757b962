import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY_SCHEMES } from '@scout/auth';
import { FieldErrorDto, PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from '@scout/common';

const PROBLEM_RESPONSE = {
  description: 'Problem details (RFC 9457)',
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
    },
  },
};

const INTEGER_HEADER = { schema: { type: 'integer' } } as const;

/** What every `/v1` operation may answer when its caller's budget is spent (docs/http-hardening.md). */
const RATE_LIMITED_RESPONSE = {
  description:
    'RATE_LIMITED: the rate limit of this key (or, without a valid key, of this IP) is spent',
  headers: {
    'Retry-After': { ...INTEGER_HEADER, description: 'Seconds until the window ends' },
    'RateLimit-Limit': { ...INTEGER_HEADER, description: 'Requests per window for this budget' },
    'RateLimit-Remaining': { ...INTEGER_HEADER, description: 'Requests left in this window' },
    'RateLimit-Reset': { ...INTEGER_HEADER, description: 'Seconds until the window ends' },
  },
  content: PROBLEM_RESPONSE.content,
};

const OPERATIONS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

/**
 * Builds the OpenAPI document and gives every operation the problem-details schema as its
 * 4XX/5XX response (and as the body of every specific error response), so the documented
 * error shape cannot drift from route to route; every `/v1` operation also documents its 429
 * and the rate-limit headers.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Scout API')
    .setDescription(
      'Professional profiles and companies, kept fresh by queued scraping. Errors are RFC 9457 ' +
        'problem details with a stable `code`; every response carries `X-Request-Id`. Every ' +
        '`/v1` route needs an API key holding the scope named in its `x-required-scope` ' +
        '(`admin` implies all), sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key: `Bearer sk_…`' },
      SECURITY_SCHEMES.bearer,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key: `sk_…`' },
      SECURITY_SCHEMES.apiKey,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
  });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of OPERATIONS) {
      const operation = item[method];
      if (!operation) continue;
      if (path.startsWith('/v1/')) operation.responses['429'] ??= RATE_LIMITED_RESPONSE;
      operation.responses['4XX'] ??= PROBLEM_RESPONSE;
      operation.responses['5XX'] ??= PROBLEM_RESPONSE;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]/.test(status) && response && 'description' in response && !response.content) {
          response.content = PROBLEM_RESPONSE.content;
        }
      }
    }
  }
  // RFC 9457 extension members (e.g. `count`, `currentVersion`) may accompany any problem.
  const problem = document.components?.schemas?.ProblemDetailsDto;
  if (problem && !('$ref' in problem)) problem.additionalProperties = true;
  return document;
}

/** Serves Swagger UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
}
