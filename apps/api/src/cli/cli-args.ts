import { parseArgs } from 'node:util';
import { isApiKeyPrefix, parseScopes, type Scope, SCOPES } from '@scout/auth';
import {
  DEAD_REASONS,
  type DeadReason,
  MAX_REPLAY,
  REPLAYABLE_STATUSES,
  type ReplayableStatus,
  type ReplayFilter,
} from '@scout/scraping';

/** What `npm run cli -- …` was asked to do. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'api-keys:create'; name: string; scopes: Scope[]; json: boolean }
  | { kind: 'api-keys:list'; json: boolean }
  | { kind: 'api-keys:revoke'; ref: string }
  | { kind: 'scrape-jobs:replay'; filter: ReplayFilter; limit: number; json: boolean };

/** Printed for `--help` and, on stderr, with every usage error. */
export const USAGE = `Usage: npm run cli -- <command>   (run \`npm run build\` first)

  api-keys create --name <name> --scopes <scope,...> [--json]
      Creates an API key and prints it once; only its hash is stored.
  api-keys list [--json]
      Lists keys: id, prefix, name, scopes, dates. Never prints a key or a hash.
  api-keys revoke <id|prefix>
      Revokes a key; every api process stops accepting it within seconds.

  scrape-jobs replay [--status dead|failed] [--code <CODE>] [--reason <reason>]
                     [--since <ISO date>] [--until <ISO date>] [--limit <n>] [--json]
      Queues dead (default) or failed scrape jobs again, oldest first, at most --limit
      (default 100, at most ${MAX_REPLAY}). --code filters on the last error's code
      (e.g. HOST_UNAVAILABLE), --reason on why a job is dead (${DEAD_REASONS.join(', ')}),
      --since/--until on the job's creation time.

Scopes: ${SCOPES.join(', ')} (admin implies all).`;

/** Wrong arguments: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Parses the CLI's arguments without touching any service, so a typo fails at once with a
 * readable message instead of after connecting to MongoDB.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [group, action, ...rest] = positionals;
  if (group === undefined) throw new UsageError('No command given.');
  const json = values.json ?? false;
  if (group === 'scrape-jobs') return parseScrapeJobs(action, rest, values, json);
  if (group !== 'api-keys') throw new UsageError(`Unknown command '${group}'.`);

  switch (action) {
    case 'create': {
      expectNone(rest, values, ['name', 'scopes', 'json']);
      const name = values.name?.trim();
      if (!name) throw new UsageError('api-keys create needs --name <name>.');
      if (name.length > 100) throw new UsageError('--name is longer than 100 characters.');
      if (values.scopes === undefined) throw new UsageError('api-keys create needs --scopes.');
      const { scopes, unknown } = parseScopes(values.scopes);
      if (unknown.length > 0) throw new UsageError(`Unknown scope: ${unknown.join(', ')}.`);
      if (scopes.length === 0) throw new UsageError('--scopes names no scope.');
      return { kind: 'api-keys:create', name, scopes, json };
    }
    case 'list':
      expectNone(rest, values, ['json']);
      return { kind: 'api-keys:list', json };
    case 'revoke': {
      const [ref, ...extra] = rest;
      expectNone(extra, values, []);
      if (ref === undefined) throw new UsageError('api-keys revoke needs an id or a prefix.');
      if (!OBJECT_ID.test(ref) && !isApiKeyPrefix(ref)) {
        throw new UsageError('Give the key id (24 hex digits) or its prefix (8 characters).');
      }
      return { kind: 'api-keys:revoke', ref };
    }
    case undefined:
      throw new UsageError('api-keys needs an action: create, list or revoke.');
    default:
      throw new UsageError(`Unknown action 'api-keys ${action}'.`);
  }
}

const CODE = /^[A-Z_]{1,64}$/;
const DEFAULT_REPLAY_LIMIT = 100;

function parseScrapeJobs(
  action: string | undefined,
  rest: readonly string[],
  values: ReturnType<typeof parse>['values'],
  json: boolean,
): CliCommand {
  if (action === undefined) throw new UsageError('scrape-jobs needs an action: replay.');
  if (action !== 'replay') throw new UsageError(`Unknown action 'scrape-jobs ${action}'.`);
  expectNone(rest, values, ['status', 'code', 'reason', 'since', 'until', 'limit', 'json']);
  const status = values.status ?? 'dead';
  if (!(REPLAYABLE_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${REPLAYABLE_STATUSES.join(', ')}.`);
  }
  if (values.code !== undefined && !CODE.test(values.code)) {
    throw new UsageError('--code must be an error code such as HOST_UNAVAILABLE.');
  }
  if (values.reason !== undefined && !(DEAD_REASONS as readonly string[]).includes(values.reason)) {
    throw new UsageError(`--reason must be one of ${DEAD_REASONS.join(', ')}.`);
  }
  const limit = values.limit === undefined ? DEFAULT_REPLAY_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REPLAY) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_REPLAY}.`);
  }
  const filter: ReplayFilter = { status: status as ReplayableStatus };
  if (values.code !== undefined) filter.code = values.code;
  if (values.reason !== undefined) filter.deadReason = values.reason as DeadReason;
  if (values.since !== undefined) filter.createdAfter = isoDate('--since', values.since);
  if (values.until !== undefined) filter.createdBefore = isoDate('--until', values.until);
  return { kind: 'scrape-jobs:replay', filter, limit, json };
}

function isoDate(option: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`${option} must be an ISO date such as 2026-12-01T00:00:00Z.`);
  }
  return date;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      status: { type: 'string' },
      code: { type: 'string' },
      reason: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Rejects extra positionals and options the action does not take. */
function expectNone(
  positionals: readonly string[],
  values: Record<string, unknown>,
  allowed: readonly string[],
): void {
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const unexpected = Object.keys(values).filter((key) => !allowed.includes(key));
  if (unexpected.length > 0) throw new UsageError(`Unexpected option --${unexpected[0]}.`);
}
