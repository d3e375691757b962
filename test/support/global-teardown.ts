import { stopTestServices } from '../../scripts/lib/test-services';

/** Jest globalTeardown: stops the servers of globalSetup once; later calls do nothing. */
export default async function globalTeardown(): Promise<void> {
  await stopTestServices();
}
