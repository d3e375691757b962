import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { Client } from 'pg';
import { AppConfig } from '@scout/config';

/** What the PostgreSQL step did to one collection's table: fields as `collection.field`. */
export interface PostgresIndexReport {
  created: string[];
  dropped: string[];
}

/** Prefix of the indexes this step owns; it never touches any other index. */
const PREFIX = 'scout_eq_';
/** Plan every execution with its parameters, so FerretDB's `_jsonb->$1` meets the index. */
const PLAN_MODE = 'force_custom_plan';

/** A collection's table, and the fields whose equality it should serve from an index. */
interface TablePlan {
  collection: string;
  table: string;
  fields: string[];
}

/** An index this step made earlier, as PostgreSQL has it. */
interface OwnedIndex {
  name: string;
  valid: boolean;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The index name of one field on one table: short, stable, and within PostgreSQL's 63 bytes. */
export function postgresIndexName(table: string, field: string): string {
  return PREFIX + createHash('sha256').update(`${table}\0${field}`).digest('hex').slice(0, 20);
}

/**
 * The fields a collection's equality lookups use: `_id` and the leading field of each declared
 * index (indexes list equality fields first), unless it is a date (a sort or range key, never an
 * equality) or a dotted path (FerretDB pushes down only top-level equality).
 */
export function equalityFields(model: Pick<Model<unknown>, 'schema'>): string[] {
  const fields = new Set(['_id']);
  for (const [keys] of model.schema.indexes()) {
    const [field, kind] = Object.entries(keys)[0] ?? [];
    if (!field || field.includes('.') || (kind !== 1 && kind !== -1)) continue;
    if (model.schema.path(field)?.instance !== 'Date') fields.add(field);
  }
  return [...fields];
}

/**
 * FerretDB's postgresql backend sends a top-level equality (`{publicId: x}`, `{_id: x}`, the read
 * behind every update statement) to PostgreSQL as `_jsonb->$1 @> $2`: containment, with the
 * field name as a parameter. The B-tree indexes FerretDB builds for the declared indexes cannot
 * serve containment, so each such query is a sequential scan and a write costs more the larger
 * the collection. A GIN index (`jsonb_path_ops`) on `_jsonb->'field'` serves it, provided
 * PostgreSQL plans each execution with its parameters (`plan_cache_mode=force_custom_plan`), so
 * that the field name is known when the plan is made. This step of the index sync keeps one such
 * index per equality field on each collection's table, and sets the plan mode on the database.
 * It runs only when `FERRETDB_POSTGRESQL_URL` is set, and changes nothing FerretDB knows about.
 */
@Injectable()
export class FerretdbPostgresIndexes {
  private readonly logger = new Logger('Indexes');

  constructor(private readonly config: AppConfig) {}

  /** Whether the step has a PostgreSQL to work on. */
  get configured(): boolean {
    return this.config.mongo.ferretdbPostgresqlUrl !== '';
  }

  /**
   * Creates the missing indexes and drops the ones no declaration needs, for the collections of
   * `models` in the MongoDB database `database` (a schema of the same name in PostgreSQL).
   * Per collection, what it did; collections FerretDB has no table for yet are left out.
   */
  async sync(
    database: string,
    models: ReadonlyArray<Model<unknown>>,
  ): Promise<Map<string, PostgresIndexReport>> {
    // Loaded here, not with the module: only the index sync ever talks to PostgreSQL.
    const { Client: PostgresClient } = await import('pg');
    const client = new PostgresClient({
      connectionString: this.config.mongo.ferretdbPostgresqlUrl,
      connectionTimeoutMillis: 5_000,
    });
    await client.connect();
    try {
      const plans = await this.tables(client, database, models);
      const reports = new Map<string, PostgresIndexReport>();
      if (plans.length === 0) return reports;
      for (const plan of plans) {
        reports.set(plan.collection, await this.syncTable(client, database, plan));
      }
      await this.setPlanMode(client);
      return reports;
    } finally {
      await client.end();
    }
  }

  /**
   * Each model's table, from FerretDB's own catalogue of the schema. None when that PostgreSQL
   * has no catalogue for the database (FerretDB keeps it elsewhere, or Scout talks to another
   * server): the step then has nothing to do, and says so.
   */
  private async tables(
    client: Client,
    schema: string,
    models: ReadonlyArray<Model<unknown>>,
  ): Promise<TablePlan[]> {
    const found = await client.query<{ catalogue: string | null }>(
      'SELECT to_regclass($1) AS catalogue',
      [`${quoteIdent(schema)}._ferretdb_database_metadata`],
    );
    if (!found.rows[0]?.catalogue) {
      this.logger.warn(
        { database: schema },
        'FERRETDB_POSTGRESQL_URL has no FerretDB catalogue for this database: no equality indexes',
      );
      return [];
    }
    const catalogue = await client.query<{ collection: string; table: string }>(
      `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS "table" ` +
        `FROM ${quoteIdent(schema)}._ferretdb_database_metadata`,
    );
    const tableOf = new Map(catalogue.rows.map((row) => [row.collection, row.table]));
    return models.flatMap((model) => {
      const collection = model.collection.collectionName;
      const table = tableOf.get(collection);
      return table ? [{ collection, table, fields: equalityFields(model) }] : [];
    });
  }

  private async syncTable(
    client: Client,
    schema: string,
    plan: TablePlan,
  ): Promise<PostgresIndexReport> {
    const owned = await client.query<OwnedIndex>(
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i ` +
        `JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid ` +
        `JOIN pg_namespace n ON n.oid = t.relnamespace ` +
        `WHERE n.nspname = $1 AND t.relname = $2 AND c.relname LIKE $3`,
      [schema, plan.table, `${PREFIX.replace(/_/g, '\\_')}%`],
    );
    const wanted = new Map(plan.fields.map((f) => [postgresIndexName(plan.table, f), f]));
    const report: PostgresIndexReport = { created: [], dropped: [] };
    for (const index of owned.rows) {
      // An invalid index is what an interrupted concurrent build leaves: built again below.
      if (wanted.has(index.name) && index.valid) {
        wanted.delete(index.name);
        continue;
      }
      await client.query(
        `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(schema)}.${quoteIdent(index.name)}`,
      );
      if (!wanted.has(index.name)) report.dropped.push(`${plan.collection}.${index.name}`);
    }
    for (const [name, field] of wanted) {
      // CONCURRENTLY: writes to the collection go on while the index is built.
      await client.query(
        `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ` +
          `ON ${quoteIdent(schema)}.${quoteIdent(plan.table)} ` +
          `USING gin ((_jsonb -> ${quoteLiteral(field)}) jsonb_path_ops)`,
      );
      report.created.push(`${plan.collection}.${field}`);
    }
    return report;
  }

  /**
   * Sets the plan mode on the database, for the sessions FerretDB opens from now on. Without the
   * right to alter it, the step says what to set instead of failing the sync.
   */
  private async setPlanMode(client: Client): Promise<void> {
    const { rows } = await client.query<{ name: string; set: boolean }>(
      `SELECT current_database() AS name, EXISTS (SELECT 1 FROM pg_db_role_setting s ` +
        `JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database() ` +
        `AND s.setrole = 0 AND $1 = ANY (s.setconfig)) AS set`,
      [`plan_cache_mode=${PLAN_MODE}`],
    );
    const name = rows[0]?.name ?? '';
    // Already set by an earlier sync: no catalogue write (parallel syncs would contend on it).
    if (rows[0]?.set) return;
    try {
      await client.query(`ALTER DATABASE ${quoteIdent(name)} SET plan_cache_mode = ${PLAN_MODE}`);
    } catch (error) {
      this.logger.warn(
        { database: name, errMessage: (error as Error).message },
        `could not set plan_cache_mode on the database: set plan_cache_mode=${PLAN_MODE} on the ` +
          'PostgreSQL server, or FerretDB queries will not use the equality indexes',
      );
    }
  }
}
