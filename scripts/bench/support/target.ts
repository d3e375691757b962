// The services one bench run shares between its parts, and the per-part target built from them:
// every part has a database of its own and a Redis database number, and all share the secrets.
import type { ApiTarget } from '../servers';

/**
 * The secrets every Scout process of one bench run shares, with FerretDB's PostgreSQL URL when
 * the bench started one (it carries the database's credentials).
 */
export type BenchSecrets = Pick<
  ApiTarget,
  'cursorSecret' | 'apiKeySecret' | 'suppressionSecret' | 'ferretdbPostgresqlUrl'
>;

/** Base URIs of the throwaway services (no database name or number), the secrets and the log. */
export interface BenchServices {
  mongoUri: string;
  redisUrl: string;
  secrets: BenchSecrets;
  say: (line: string) => void;
}

/** A part's target: database `database` on the MongoDB server, Redis database `redisDb`. */
export function benchTarget(
  services: Pick<BenchServices, 'mongoUri' | 'redisUrl' | 'secrets'>,
  database: string,
  redisDb: number,
): ApiTarget {
  return {
    mongoUri: `${services.mongoUri}/${database}`,
    redisUrl: `${services.redisUrl}/${redisDb}`,
    ...services.secrets,
  };
}
