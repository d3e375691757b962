import { z } from 'zod';
import { ACCESS_ENV, accessSections } from './schema/access.schema';
import { CACHE_ENV, cacheSections } from './schema/cache.schema';
import { crossCheckSettings } from './schema/cross-checks';
import { LOG_LEVELS, OPERATIONS_ENV, operationsSections } from './schema/operations.schema';
import type { EnvBinding } from './schema/primitives';
import { PRIVACY_ENV, privacySections } from './schema/privacy.schema';
import { SCRAPING_ENV, scrapingSections } from './schema/scraping.schema';
import { SERVER_ENV, serverSections } from './schema/server.schema';
import {
  READ_PREFERENCES,
  REDIS_TOPOLOGIES,
  STORES_ENV,
  storeSections,
} from './schema/stores.schema';
import { WEBHOOKS_ENV, webhookSections } from './schema/webhooks.schema';

export { LOG_LEVELS, READ_PREFERENCES, REDIS_TOPOLOGIES };

/** Every section's shape, one file per config area under `schema/`. */
const settingsShape = z.object({
  ...serverSections,
  ...storeSections,
  ...cacheSections,
  ...accessSections,
  ...privacySections,
  ...scrapingSections,
  ...webhookSections,
  ...operationsSections,
});

/** Validated settings as the rest of Scout sees them. */
export type ScoutSettings = z.infer<typeof settingsShape>;

/**
 * The one description of Scout's settings: shape, types, bounds, and the rules that span
 * sections. Defaults live in `config/default.yaml` so operators can read them without reading
 * code.
 */
export const configSchema = settingsShape.superRefine(crossCheckSettings);

/**
 * Environment variables and the setting each one overrides. Kept as data so the
 * loader, the error messages and `.env.example` all speak of the same names.
 */
export const ENV_BINDINGS: ReadonlyArray<EnvBinding> = [
  ...SERVER_ENV,
  ...STORES_ENV,
  ...CACHE_ENV,
  ...ACCESS_ENV,
  ...PRIVACY_ENV,
  ...SCRAPING_ENV,
  ...WEBHOOKS_ENV,
  ...OPERATIONS_ENV,
];
