import { Injectable } from '@nestjs/common';
import { ServerCapabilities } from './server-capabilities';

/**
 * Sends one chunk as one unordered bulk write: `model.bulkWrite(chunk, { ordered: false })`
 * (Mongoose casts and validates), or the driver's `model.collection.bulkWrite` for callers
 * that validated already.
 */
export type SendChunk<Op> = (chunk: Op[]) => Promise<unknown>;

/** Per operation, in the order given: `null` when it was applied, else what refused it. */
export type BulkWriteOutcome = Array<Error | null>;

/** Operations that keep a query open on FerretDB until their command ends. */
function isStatement(op: object): boolean {
  return !('insertOne' in op);
}

/** Splits `ops` into chunks holding at most `limit` statements each; inserts ride along. */
export function chunkOperations<T>(ops: T[], limit: number, counts: (op: T) => boolean): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let statements = 0;
  for (const op of ops) {
    if (counts(op)) {
      if (statements === limit) {
        chunks.push(current);
        current = [];
        statements = 0;
      }
      statements++;
    }
    current.push(op);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface BulkErrorShape {
  writeErrors?: Array<{ index: number }> | { index: number };
  mongoose?: { results?: Array<Error | null> };
}

/**
 * One chunk as a per-operation outcome. Validation (Mongoose) and write errors of single
 * operations are outcomes; anything else (network, timeout) is thrown.
 */
async function writeChunk<Op>(ops: Op[], send: SendChunk<Op>): Promise<BulkWriteOutcome> {
  const outcome: BulkWriteOutcome = ops.map(() => null);
  try {
    const result = await send(ops);
    const results = (result as BulkErrorShape).mongoose?.results;
    results?.forEach((error, i) => (outcome[i] = toError(error)));
    return outcome;
  } catch (error) {
    const shaped = error as BulkErrorShape;
    if (shaped.mongoose?.results) {
      shaped.mongoose.results.forEach((e, i) => (outcome[i] = toError(e)));
      return outcome;
    }
    const writeErrors = shaped.writeErrors;
    if (!writeErrors) throw error;
    for (const writeError of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) {
      outcome[writeError.index] = toError(writeError);
    }
    return outcome;
  }
}

/** Validation errors are Errors already; the driver's write errors become one with their code. */
function toError(value: unknown): Error | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Error) return value;
  const { code, errmsg } = value as { code?: unknown; errmsg?: unknown };
  return Object.assign(new Error(typeof errmsg === 'string' ? errmsg : 'write refused'), { code });
}

/**
 * Bulk writes in commands the connected server can take. Real MongoDB gets one command; on
 * FerretDB updates (and deletes) go in chunks of `maxUpdatesPerCommand`, and one such chunk at
 * a time per process, because concurrent commands draw on the same server pool whose
 * exhaustion freezes the database. Every write path that updates many documents in one
 * command goes through here.
 */
@Injectable()
export class BulkWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly capabilities: ServerCapabilities) {}

  /**
   * Applies `ops` unordered, chunk by chunk through `send`; the outcome lists, for each operation at its own index, `null` or
   * the error that refused it (schema validation, duplicate key), so one bad item never sinks
   * the others. Throws only when a command fails as a whole.
   */
  async write<Op extends object>(ops: Op[], send: SendChunk<Op>): Promise<BulkWriteOutcome> {
    if (ops.length === 0) return [];
    const { maxUpdatesPerCommand } = await this.capabilities.get();
    const chunks = chunkOperations(ops, maxUpdatesPerCommand, isStatement);
    const outcome: BulkWriteOutcome = [];
    for (const chunk of chunks) {
      const limited = Number.isFinite(maxUpdatesPerCommand) && chunk.some(isStatement);
      const work = () => writeChunk(chunk, send);
      outcome.push(...(await (limited ? this.oneAtATime(work) : work())));
    }
    return outcome;
  }

  private oneAtATime<R>(work: () => Promise<R>): Promise<R> {
    const run = this.tail.catch(() => undefined).then(work);
    this.tail = run;
    return run;
  }
}
