// What the MongoDB-compatible server is and how it runs the queries the bench stresses, so the
// report can say whether a figure measures Scout or the server (FerretDB on SQLite scans).
import mongoose from 'mongoose';

type Db = NonNullable<mongoose.Connection['db']>;

/** The server as buildInfo describes it. */
export interface MongoServer {
  /** e.g. "MongoDB 7.0.14" or "FerretDB v1.24.2 (reports MongoDB 7.0.42)". */
  description: string;
  ferretdb: boolean;
}

/** How the server runs the two queries whose cost grows with the collection. */
export interface QueryPlans {
  /** The first-page list query: find({}).sort({updatedAt: -1, _id: -1}).limit(21). */
  list: string;
  /** The batch route's lookup: find({publicId: {$in: [...]}}). */
  lookup: string;
}

type Doc = Record<string, unknown>;

/** A scalar as text; anything else as JSON (explain and buildInfo fields are loosely typed). */
function text(value: unknown): string {
  if (value === undefined) return '?';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** MongoDB: the stage chain of the winning plan, e.g. "LIMIT > FETCH > IXSCAN updatedAt_-1__id_-1". */
function mongoStages(plan: unknown): string {
  const stages: string[] = [];
  let node: unknown = plan;
  while (isDoc(node)) {
    const stage = typeof node.stage === 'string' ? node.stage : '?';
    stages.push(typeof node.indexName === 'string' ? `${stage} ${node.indexName}` : stage);
    const inputs = node.inputStages;
    node = node.inputStage ?? (Array.isArray(inputs) ? (inputs[0] as unknown) : undefined);
  }
  return stages.join(' > ') || 'unknown';
}

/** PostgreSQL's JSON plan (FerretDB's postgresql backend): "Seq Scan on profiles_…" and below. */
function postgresNodes(plan: unknown): string {
  const nodes: string[] = [];
  let node: unknown = plan;
  while (isDoc(node)) {
    const relation =
      typeof node['Relation Name'] === 'string' ? ` on ${node['Relation Name']}` : '';
    nodes.push(`${text(node['Node Type'])}${relation}`);
    node = Array.isArray(node.Plans) ? (node.Plans[0] as unknown) : undefined;
  }
  return nodes.join(' > ') || '?';
}

/** FerretDB's plan: its storage's own (SQLite steps or PostgreSQL nodes) and what it pushed down. */
function describePlan(explain: Doc): string {
  const planner = isDoc(explain.queryPlanner) ? explain.queryPlanner : {};
  if ('filterPushdown' in explain || 'Plan' in planner) {
    const steps = Array.isArray(planner.Plan)
      ? `SQLite "${planner.Plan.map(String).join('; ')}"`
      : `PostgreSQL "${postgresNodes(planner.Plan)}"`;
    const flag = (name: string): string => `${name} ${text(explain[name])}`;
    return `${steps}, ${flag('filterPushdown')}, ${flag('sortPushdown')}, ${flag('limitPushdown')}`;
  }
  return mongoStages(planner.winningPlan);
}

async function withDb<T>(uri: string, use: (db: Db) => Promise<T>): Promise<T> {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  try {
    if (!connection.db) throw new Error('no database handle');
    return await use(connection.db);
  } finally {
    await connection.close();
  }
}

/** buildInfo: which server this is (FerretDB answers with `ferretdbVersion`). */
export function describeMongo(uri: string): Promise<MongoServer> {
  return withDb(uri, async (db) => {
    const build = await db.admin().command({ buildInfo: 1 });
    const version = text(build.version);
    const ferretdb = typeof build.ferretdbVersion === 'string';
    return {
      description: ferretdb
        ? `FerretDB ${text(build.ferretdbVersion)} (reports MongoDB ${version})`
        : `MongoDB ${version}`,
      ferretdb,
    };
  });
}

/**
 * Explains (read-only, planner only) the list and lookup queries on the seeded collection, so the
 * report shows whether they seek an index or scan the whole collection.
 */
export function explainQueries(uri: string): Promise<QueryPlans> {
  return withDb(uri, async (db) => {
    const profiles = db.collection('profiles');
    const list = await profiles
      .find({})
      .sort({ updatedAt: -1, _id: -1 })
      .limit(21)
      .explain('queryPlanner');
    const lookup = await profiles
      .find({ publicId: { $in: ['bench-seed-1', 'bench-seed-2'] } })
      .explain('queryPlanner');
    return { list: describePlan(list), lookup: describePlan(lookup) };
  });
}
