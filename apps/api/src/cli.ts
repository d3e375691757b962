import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import pino, { type Logger as PinoLogger } from 'pino';
import { ApiKeysService, AuthModule } from '@scout/auth';
import { CacheService, CachingModule } from '@scout/caching';
import { DomainError, ErrorCode } from '@scout/common';
import { AppConfig, ConfigModule, LOG_LEVELS, loadConfigOrExit } from '@scout/config';
import { DatabaseModule } from '@scout/database';
import { FlagsModule } from '@scout/flags';
import { createRootLogger, LoggingModule } from '@scout/observability';
import { PrivacyModule } from '@scout/privacy';
import { ScrapeJobsService, ScrapingModule } from '@scout/scraping';
import { formatCreated, formatList, formatRevoked } from './cli/api-keys.output';
import { type CliCommand, parseCliArgs, USAGE, UsageError } from './cli/cli-args';
import { formatReplay } from './cli/scrape-jobs.output';

/** Exit codes: 0 done, 1 failed (not found, MongoDB down), 2 wrong arguments. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const QUIETER_THAN_WARN: readonly string[] = ['error', 'fatal', 'silent'];

@Module({})
class CliModule {
  /** The scraping libs (and their queue connections) only for the scrape-jobs commands. */
  static forRoot(config: AppConfig, logger: PinoLogger, scraping: boolean): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        CachingModule,
        AuthModule,
        ...(scraping ? [FlagsModule, ScrapingModule, PrivacyModule] : []),
      ],
    };
  }
}

/**
 * Logs go to stderr, at warn or quieter: stdout carries only the command's output (a new
 * key, `--json`), so scripts can read it.
 */
function cliLogger(config: AppConfig): PinoLogger {
  const level: (typeof LOG_LEVELS)[number] = QUIETER_THAN_WARN.includes(config.log.level)
    ? config.log.level
    : 'warn';
  return createRootLogger(
    { app: config.app, log: { ...config.log, level } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** Waits (bounded) for Redis, so an invalidation reaches the api processes now, not at TTL. */
async function cacheReachable(cache: CacheService, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (cache.enabled && !cache.l2Available && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !cache.enabled || cache.l2Available;
}

async function execute(command: Exclude<CliCommand, { kind: 'help' }>): Promise<void> {
  const config = new AppConfig(loadConfigOrExit());
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, cliLogger(config), command.kind.startsWith('scrape-jobs:')),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  try {
    const keys = app.get(ApiKeysService);
    const cache = app.get(CacheService);
    const redisWait = config.redis.connectTimeoutMs + 1_000;
    switch (command.kind) {
      case 'scrape-jobs:replay': {
        // Without Redis the jobs are still queued again in MongoDB; a worker's sweeper enqueues them.
        await cacheReachable(cache, redisWait);
        const result = await app.get(ScrapeJobsService).replay(command.filter, command.limit);
        process.stdout.write(`${formatReplay(result, command.json)}\n`);
        break;
      }
      case 'api-keys:create': {
        await cacheReachable(cache, redisWait);
        const created = await keys.create({ name: command.name, scopes: command.scopes });
        process.stdout.write(`${formatCreated(created, command.json)}\n`);
        break;
      }
      case 'api-keys:list':
        process.stdout.write(`${formatList(await keys.list(), command.json)}\n`);
        break;
      case 'api-keys:revoke': {
        const reached = await cacheReachable(cache, redisWait);
        const { apiKey, wasActive } = await keys.revoke(command.ref);
        process.stdout.write(`${formatRevoked(apiKey, wasActive)}\n`);
        if (!reached) {
          process.stderr.write(
            `warning: Redis was not reachable; api processes may accept this key for up to ` +
              `${config.auth.keyCacheTtlMs} ms (API_KEY_CACHE_TTL_MS) from their cache.\n`,
          );
        }
        break;
      }
    }
  } finally {
    await app.close();
  }
}

/**
 * `npm run cli -- api-keys create|list|revoke` and `scrape-jobs replay`: operator commands on
 * the built api, run as a Nest application context (no HTTP) against the configured MongoDB and
 * Redis.
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    await execute(command);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${error.detail}\n`);
      return error.code === ErrorCode.ValidationFailed ? EXIT_USAGE : EXIT_FAILED;
    }
    process.stderr.write(`cli failed: ${(error as Error).message}\n`);
    return EXIT_FAILED;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
