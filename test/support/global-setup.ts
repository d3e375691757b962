import { startTestServices } from '../../scripts/lib/test-services';

/**
 * Jest globalSetup: starts Mongo and Redis once for the run (scripts/lib/services.ts picks them) and
 * sets SCOUT_TEST_MONGODB_URI / SCOUT_TEST_REDIS_URL for the workers. Safe to list in several projects.
 */
export default async function globalSetup(): Promise<void> {
  await startTestServices();
}
