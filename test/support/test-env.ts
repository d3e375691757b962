import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppConfig, loadConfig } from '@scout/config';

/** Root of the repository, for spawning processes and finding config files. */
export const REPO_ROOT = join(__dirname, '..', '..');

function serviceBase(name: 'SCOUT_TEST_MONGODB_URI' | 'SCOUT_TEST_REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest's global setup`);
  return value.replace(/\/+$/, '');
}

/** Whether `uri` points at the run's MongoDB (rather than at nothing, as outage tests do). */
export function onTestMongo(uri: string): boolean {
  return uri.startsWith(`${serviceBase('SCOUT_TEST_MONGODB_URI')}/`);
}

/** A database name no other test file uses, so suites run in parallel without clashing. */
export function uniqueDbName(prefix = 'scout_test'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/**
 * Environment for an app under test: the throwaway services from global setup, a fresh
 * database, quiet logs. Overrides win (for example a closed port to simulate an outage).
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: `${serviceBase('SCOUT_TEST_MONGODB_URI')}/${uniqueDbName()}`,
    REDIS_URL: `${serviceBase('SCOUT_TEST_REDIS_URL')}/0`,
    QUEUE_PREFIX: `${uniqueDbName('scout-test')}:bull`,
    SCOUT_CONFIG_DIR: join(REPO_ROOT, 'config'),
    FERRETDB_POSTGRESQL_URL: process.env.SCOUT_TEST_FERRETDB_POSTGRESQL_URL ?? '',
    ...overrides,
  };
}

/** Validated settings for an in-process app under test. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const env = testEnv(overrides);
  return new AppConfig(loadConfig({ env, configDir: env.SCOUT_CONFIG_DIR }));
}
