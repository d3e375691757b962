import type { z } from 'zod';
import type { ScoutSettings } from '../config.schema';
import { NON_PRODUCTION_SECRET } from './primitives';

type Ctx = z.RefinementCtx<ScoutSettings>;

/** Production refuses the secrets checked in for development and tests. */
function checkProductionSecrets(value: ScoutSettings, ctx: Ctx): void {
  if (value.app.env !== 'production') return;
  const secrets = [
    { path: ['api', 'cursorSecrets'], entries: value.api.cursorSecrets },
    { path: ['auth', 'apiKeySecrets'], entries: value.auth.apiKeySecrets },
    { path: ['webhooks', 'secretKeys'], entries: value.webhooks.secretKeys },
    { path: ['privacy', 'suppressionSecrets'], entries: value.privacy.suppressionSecrets },
  ];
  for (const { path, entries } of secrets) {
    entries.forEach((entry, index) => {
      if (NON_PRODUCTION_SECRET.test(entry)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `entry ${index + 1} of ${entries.length} is a development or test secret; production needs its own`,
        });
      }
    });
  }
}

/** The HTTP timeouts nest: headers within the body timeout, the socket outlives the request. */
function checkHttpTimeouts(value: ScoutSettings, ctx: Ctx): void {
  if (value.http.headersTimeoutMs > value.http.bodyTimeoutMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['http', 'headersTimeoutMs'],
      message: 'must not exceed http.bodyTimeoutMs (the whole request has to arrive by then)',
    });
  }
  if (
    value.http.connectionTimeoutMs !== 0 &&
    value.http.requestTimeoutMs !== 0 &&
    value.http.connectionTimeoutMs <= value.http.requestTimeoutMs
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['http', 'connectionTimeoutMs'],
      message:
        'must be 0 or longer than http.requestTimeoutMs, or a slow answer loses its socket before its 503',
    });
  }
}

/** Settings that only make sense together: retention against replay, pool bounds, ports, credentials. */
function checkPairedSettings(value: ScoutSettings, ctx: Ctx): void {
  if (value.privacy.retention.idempotencyMs < value.api.idempotencyTtlMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['privacy', 'retention', 'idempotencyMs'],
      message: 'must not be shorter than api.idempotencyTtlMs, or replays end before their time',
    });
  }
  if (value.mongo.minPoolSize > value.mongo.maxPoolSize) {
    ctx.addIssue({
      code: 'custom',
      path: ['mongo', 'minPoolSize'],
      message: 'must not exceed mongo.maxPoolSize',
    });
  }
  if (value.metrics.port !== 0 && value.metrics.port === value.http.port) {
    ctx.addIssue({
      code: 'custom',
      path: ['metrics', 'port'],
      message: 'must differ from http.port (metrics stay off the public listener)',
    });
  }
  if ((value.admin.user === undefined) !== (value.admin.password === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['admin', value.admin.user === undefined ? 'user' : 'password'],
      message: 'set both admin.user and admin.password, or neither',
    });
  }
}

/** What each Redis topology needs: a primary's name, a hash tag, or a single URL. */
function checkRedisTopology(value: ScoutSettings, ctx: Ctx): void {
  if (value.redis.topology === 'sentinel' && value.redis.sentinelName === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['redis', 'sentinelName'],
      message: 'required when redis.topology is sentinel: the name of the monitored primary',
    });
  }
  if (value.redis.topology === 'cluster' && !/\{[^}]+\}/.test(value.queue.prefix)) {
    ctx.addIssue({
      code: 'custom',
      path: ['queue', 'prefix'],
      message: 'needs a {hash tag} on a Redis Cluster, so each queue keeps its keys in one slot',
    });
  }
  if (value.redis.topology === 'standalone' && value.redis.url.includes(',')) {
    ctx.addIssue({
      code: 'custom',
      path: ['redis', 'url'],
      message: 'one URL only when redis.topology is standalone',
    });
  }
}

/** Deadlines nest: a dependency's deadline leaves the request time to answer with what happened. */
function checkDeadlines(value: ScoutSettings, ctx: Ctx): void {
  const requestTimeout = value.http.requestTimeoutMs;
  const deadlines: Array<[string, string, number]> = [
    ['mongo', 'readTimeoutMs', value.mongo.readTimeoutMs],
    ['mongo', 'writeTimeoutMs', value.mongo.writeTimeoutMs],
    ['redis', 'commandTimeoutMs', value.redis.commandTimeoutMs],
  ];
  for (const [section, key, ms] of deadlines) {
    if (requestTimeout > 0 && ms >= requestTimeout) {
      ctx.addIssue({
        code: 'custom',
        path: [section, key],
        message: 'must be shorter than http.requestTimeoutMs',
      });
    }
  }
  if (value.events.reconcileAfterMs <= value.mongo.writeTimeoutMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['events', 'reconcileAfterMs'],
      message: 'must be longer than mongo.writeTimeoutMs (a write may still land until then)',
    });
  }
  if (value.shutdown.drainDelayMs >= value.shutdown.timeoutMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['shutdown', 'drainDelayMs'],
      message: 'must be shorter than shutdown.timeoutMs',
    });
  }
}

/**
 * Rules that span sections, which no single section's shape can express. They run in this order
 * so problems are reported in the same order every time.
 */
export function crossCheckSettings(value: ScoutSettings, ctx: Ctx): void {
  checkProductionSecrets(value, ctx);
  checkHttpTimeouts(value, ctx);
  checkPairedSettings(value, ctx);
  checkRedisTopology(value, ctx);
  checkDeadlines(value, ctx);
}
