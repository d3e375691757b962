import { provideServices, type ProvidedServices } from './services';

/** Environment variables through which jest workers receive the test servers. */
export const TEST_ENV = {
  mongoUri: 'SCOUT_TEST_MONGODB_URI',
  redisUrl: 'SCOUT_TEST_REDIS_URL',
  /** Set only when the tests run on FerretDB's postgresql backend started here. */
  ferretdbPostgresqlUrl: 'SCOUT_TEST_FERRETDB_POSTGRESQL_URL',
} as const;

const HANDLE = '__scoutTestServices';
type Holder = typeof globalThis & { [HANDLE]?: Promise<ProvidedServices> };

/**
 * Starts the test servers once per jest run and exports their URIs to the workers. Jest calls
 * globalSetup once per project; later calls reuse the first call's servers.
 */
export async function startTestServices(): Promise<void> {
  const holder = globalThis as Holder;
  if (!holder[HANDLE]) {
    // Already provided by an outer process (e.g. a wrapper that started jest): nothing to do.
    if (process.env[TEST_ENV.mongoUri] && process.env[TEST_ENV.redisUrl]) return;
    holder[HANDLE] = provideServices({
      purpose: 'test',
      log: (line) => process.stderr.write(`[services] ${line}\n`),
    });
  }
  let services: ProvidedServices;
  try {
    services = await holder[HANDLE];
  } catch (error) {
    delete holder[HANDLE];
    throw error;
  }
  process.env[TEST_ENV.mongoUri] = services.mongoUri;
  process.env[TEST_ENV.redisUrl] = services.redisUrl;
  if (services.ferretdbPostgresqlUrl) {
    process.env[TEST_ENV.ferretdbPostgresqlUrl] = services.ferretdbPostgresqlUrl;
  }
}

/** Stops what {@link startTestServices} started; later calls (one per jest project) do nothing. */
export async function stopTestServices(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[HANDLE];
  if (!pending) return;
  delete holder[HANDLE];
  // So that a later setup in this process (jest --watch) starts fresh servers.
  delete process.env[TEST_ENV.mongoUri];
  delete process.env[TEST_ENV.redisUrl];
  delete process.env[TEST_ENV.ferretdbPostgresqlUrl];
  await (await pending).stop();
}
