import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { Logger } from 'nestjs-pino';
import { AUTH_MODELS } from '@scout/auth';
import { AppConfig, ConfigModule, loadConfigOrExit } from '@scout/config';
import { DatabaseModule, IndexSync } from '@scout/database';
import { EVENT_MODELS } from '@scout/events';
import { createRootLogger, LoggingModule } from '@scout/observability';
import { PRIVACY_MODELS } from '@scout/privacy';
import { PROFILE_MODELS } from '@scout/profiles';
import { SCRAPING_MODELS } from '@scout/scraping';
import { WEBHOOK_MODELS } from '@scout/webhooks';
import type { Logger as PinoLogger } from 'pino';

/** Every collection Scout owns; the sync step covers exactly these. */
const MODELS = [
  ...PROFILE_MODELS,
  ...SCRAPING_MODELS,
  ...AUTH_MODELS,
  ...EVENT_MODELS,
  ...WEBHOOK_MODELS,
  ...PRIVACY_MODELS,
];

@Module({})
class IndexesModule {
  static forRoot(config: AppConfig, logger: PinoLogger): DynamicModule {
    return {
      module: IndexesModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule,
        MongooseModule.forFeature(MODELS),
      ],
    };
  }
}

/** One line's figures: what a sync created and dropped. */
function counts(report: { created: string[]; dropped: string[] }): string {
  return `${report.created.length} created, ${report.dropped.length} dropped`;
}

/**
 * `npm run db:indexes`: makes MongoDB's indexes match the schemas, then exits. Production runs
 * it before rolling out a release (autoIndex is off there); `npm run up` and the tests run it
 * on every start. Prints one line per collection, and one more for its PostgreSQL equality
 * indexes on FerretDB's postgresql backend (`FERRETDB_POSTGRESQL_URL`).
 */
async function syncIndexes(): Promise<void> {
  const config = new AppConfig(loadConfigOrExit());
  const logger = createRootLogger(config);
  const app = await NestFactory.createApplicationContext(IndexesModule.forRoot(config, logger), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  try {
    for (const report of await app.get(IndexSync).sync()) {
      const lines = [`${report.collection}: ${counts(report)}`];
      if (report.postgres) {
        lines.push(
          `${report.collection} (PostgreSQL equality indexes): ${counts(report.postgres)}`,
        );
      }
      process.stdout.write(lines.map((line) => `${line}\n`).join(''));
    }
  } finally {
    await app.close();
  }
}

syncIndexes().catch((error: unknown) => {
  process.stderr.write(`index sync failed: ${(error as Error).message}\n`);
  process.exit(1);
});
