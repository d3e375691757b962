import mongoose, { type Connection, type Model, Types } from 'mongoose';
import { Client } from 'pg';
import { FerretdbPostgresIndexes, postgresIndexName } from '@scout/database';
import { EVENT_MODELS } from '@scout/events';
import { PROFILE_MODELS } from '@scout/profiles';
import { until } from '../support/wait';
import { testConfig, testEnv } from '../support/test-env';

jest.setTimeout(60_000);

const POSTGRES_URL = process.env.SCOUT_TEST_FERRETDB_POSTGRESQL_URL;

/** The run's server is FerretDB on PostgreSQL, started by the test services. */
const onFerretdbPostgres = POSTGRES_URL !== undefined && POSTGRES_URL !== '';
if (!onFerretdbPostgres) {
  process.stdout.write(
    'PostgreSQL equality indexes: skipped: the tests do not run on FerretDB on PostgreSQL ' +
      '(MongoDB, or the sqlite backend)\n',
  );
}

/** An index scan counter of PostgreSQL's, for one of the step's indexes. */
async function scansOf(pg: Client, schema: string, index: string): Promise<number> {
  const { rows } = await pg.query<{ scans: string }>(
    'SELECT idx_scan AS scans FROM pg_stat_user_indexes WHERE schemaname = $1 AND indexrelname = $2',
    [schema, index],
  );
  return Number(rows[0]?.scans ?? -1);
}

/** How many indexes of the schema are not the step's own (FerretDB's, or anyone else's). */
async function foreignIndexes(pg: Client, schema: string): Promise<number> {
  const { rows } = await pg.query<{ count: string }>(
    `SELECT count(*) AS count FROM pg_indexes WHERE schemaname = $1 AND indexname NOT LIKE 'scout\\_eq\\_%'`,
    [schema],
  );
  return Number(rows[0]?.count ?? 0);
}

/** FerretDB's table of a collection, from its catalogue. */
async function tableOf(pg: Client, schema: string, collection: string): Promise<string> {
  const { rows } = await pg.query<{ table: string }>(
    `SELECT _jsonb->>'table' AS "table" FROM "${schema}"._ferretdb_database_metadata ` +
      `WHERE _jsonb->>'_id' = $1`,
    [collection],
  );
  if (!rows[0]) throw new Error(`FerretDB has no table for ${collection}`);
  return rows[0].table;
}

(onFerretdbPostgres ? describe : describe.skip)(
  'PostgreSQL equality indexes under FerretDB',
  () => {
    const env = testEnv();
    const database = new URL(env.MONGODB_URI).pathname.slice(1);
    let connection: Connection;
    let pg: Client;
    let models: Array<Model<unknown>>;
    let step: FerretdbPostgresIndexes;

    beforeAll(async () => {
      connection = await mongoose.createConnection(env.MONGODB_URI).asPromise();
      models = [...PROFILE_MODELS, ...EVENT_MODELS].map(
        (definition) => connection.model(definition.name, definition.schema) as Model<unknown>,
      );
      for (const model of models) await model.syncIndexes();
      step = new FerretdbPostgresIndexes(testConfig({ MONGODB_URI: env.MONGODB_URI }));
      pg = new Client({ connectionString: POSTGRES_URL });
      await pg.connect();
    });

    afterAll(async () => {
      await pg?.end();
      await connection?.db?.dropDatabase();
      await connection?.close();
    });

    it('builds one index per equality field, once, and drops only the ones it owns', async () => {
      const first = await step.sync(database, models);
      expect(first.get('profiles')?.created).toEqual(
        expect.arrayContaining(['profiles._id', 'profiles.publicId', 'profiles.currentCompany']),
      );
      expect(first.get('profiles')?.created).not.toContain('profiles.experiences.company');
      expect(first.get('profiles')?.created).not.toContain('profiles.updatedAt');

      const profiles = await tableOf(pg, database, 'profiles');
      const stale = postgresIndexName(profiles, 'noLongerDeclared');
      await pg.query(
        `CREATE INDEX "${stale}" ON "${database}"."${profiles}" USING gin ((_jsonb -> 'x') jsonb_path_ops)`,
      );
      const foreign = await foreignIndexes(pg, database);

      const second = await step.sync(database, models);
      expect(second.get('profiles')).toEqual({ created: [], dropped: [`profiles.${stale}`] });
      expect([...second.values()].flatMap((report) => report.created)).toEqual([]);
      const after = await foreignIndexes(pg, database);
      expect(after).toBe(foreign);

      const planMode = await pg.query<{ setting: string }>(
        `SELECT unnest(s.setconfig) AS setting FROM pg_db_role_setting s ` +
          `JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()`,
      );
      expect(planMode.rows.map((row) => row.setting)).toContain(
        'plan_cache_mode=force_custom_plan',
      );
    });

    it('leaves a database alone that FerretDB keeps no catalogue of in that PostgreSQL', async () => {
      const reports = await step.sync('scout_test_not_in_this_postgresql', models);
      expect(reports.size).toBe(0);
    });

    it("serves FerretDB's own equality reads and update statements from those indexes", async () => {
      await step.sync(database, models);
      const collection = connection.db!.collection('profiles');
      const ids = Array.from({ length: 200 }, () => new Types.ObjectId());
      await collection.insertMany(
        ids.map((_id, i) => ({ _id, publicId: `equality-${i}`, fullName: `Person ${i}` })),
      );
      const table = await tableOf(pg, database, 'profiles');
      const byPublicId = postgresIndexName(table, 'publicId');
      const byId = postgresIndexName(table, '_id');
      const before = {
        publicId: await scansOf(pg, database, byPublicId),
        id: await scansOf(pg, database, byId),
      };

      expect(await collection.findOne({ publicId: 'equality-17' })).toMatchObject({ _id: ids[17] });
      const updated = await collection.updateOne({ _id: ids[42] }, { $set: { headline: 'moved' } });
      expect(updated.modifiedCount).toBe(1);

      // PostgreSQL publishes a backend's counters within about a second of its transaction.
      await until(
        async () => (await scansOf(pg, database, byPublicId)) > before.publicId,
        'an index scan of the publicId equality index',
      );
      await until(
        async () => (await scansOf(pg, database, byId)) > before.id,
        'an index scan of the _id equality index',
      );
    });
  },
);
