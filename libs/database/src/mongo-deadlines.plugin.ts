import type { Schema } from 'mongoose';
import type { DependencyGate } from './dependency-gate';

/** Query operations that only read. */
const READ_QUERIES = [
  'find',
  'findOne',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
] as const;

/** Query operations that change data. */
const WRITE_QUERIES = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
] as const;

/** Model-level writes (their middleware runs with the model as `this`). */
const WRITE_MODEL_OPS = ['insertMany', 'bulkWrite'] as const;

/** Driver and runtime error names that mean "no answer in time", not "refused". */
const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'AbortError',
  'MongoNetworkTimeoutError',
  'MongoOperationTimeoutError',
  'MongoWaitQueueTimeoutError',
]);

/** Names of errors after which a sent write may or may not have been applied. */
const IN_FLIGHT_NAMES = new Set([...TIMEOUT_NAMES, 'MongoNetworkError']);

/** MongoDB's code for a command stopped by its `maxTimeMS`. */
const MAX_TIME_EXPIRED = 50;

/** Set on a write's error when the write was sent and its outcome is unknown. */
export const OUTCOME_UNKNOWN = Symbol('scout.mongo.outcomeUnknown');

/** The read deadline and the gate one connection's operations obey. */
export interface MongoDeadlines {
  gate: DependencyGate;
  readTimeoutMs: number;
}

/** Whether `error` says MongoDB gave no answer within a deadline. */
export function isMongoTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TIMEOUT_NAMES.has(error.name)) return true;
  return (error as { code?: unknown }).code === MAX_TIME_EXPIRED;
}

/** Whether a write's error leaves its outcome unknown (it was sent, no answer came back). */
export function isOutcomeUnknown(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as unknown as Record<symbol, unknown>)[OUTCOME_UNKNOWN] === true
  );
}

/**
 * Every operation of the connection's models under a deadline and the MongoDB gate. Before an
 * operation: a closed gate fails it at once with 503 `DEPENDENCY_UNAVAILABLE`; a read gets
 * `maxTimeMS` and an abort signal that gives up client-side after `readTimeoutMs`, or after the
 * `maxTimeMS` its repository set for a bulk lookup that is part of a write (writes are
 * bounded by the connection's socket timeout, `writeTimeoutMs`, as the driver offers no
 * per-operation client-side deadline for them). After: timeouts feed the gate, and a write that
 * failed after it was sent is marked {@link OUTCOME_UNKNOWN}, so it is answered as such and
 * never as a plain failure. A query cursor would be aborted too once its deadline passes: reads
 * are single round trips here.
 */
export function mongoDeadlinesPlugin(deadlines: MongoDeadlines): (schema: Schema) => void {
  const { gate } = deadlines;
  const ms = deadlines.readTimeoutMs;
  // One timer per read, cleared when the read settles: much cheaper than AbortSignal.timeout().
  const timers = new WeakMap<object, NodeJS.Timeout>();
  const arm = (operation: object, budget: number): AbortSignal => {
    const controller = new AbortController();
    const timer = setTimeout(expire, budget, controller, budget);
    timer.unref();
    timers.set(operation, timer);
    return controller.signal;
  };
  const disarm = (operation: object): void => clearTimeout(timers.get(operation));
  const failed = (error: unknown, write: boolean): never => {
    const timeout = isMongoTimeout(error);
    if (timeout) gate.recordTimeout();
    if (write && error instanceof Error && (timeout || IN_FLIGHT_NAMES.has(error.name))) {
      (error as unknown as Record<symbol, unknown>)[OUTCOME_UNKNOWN] = true;
    }
    throw error;
  };
  const guardRead = function (this: OptionsTarget): void {
    gate.ensureUp();
    const budget = budgetOf(this.getOptions().maxTimeMS, ms);
    this.setOptions({ maxTimeMS: budget, signal: arm(this, budget) });
  };
  const guardAggregate = function (this: AggregateTarget): void {
    gate.ensureUp();
    const budget = budgetOf(this.options.maxTimeMS, ms);
    this.option({ maxTimeMS: budget, signal: arm(this, budget) });
  };
  const readSucceeded = function (this: object): void {
    disarm(this);
    gate.recordSuccess();
  };
  const readFailed = function (this: object, error: unknown): never {
    disarm(this);
    return failed(error, false);
  };
  const guardWrite = (): void => gate.ensureUp();
  const writeSucceeded = (): void => gate.recordSuccess();
  return (schema: Schema) => {
    // Mongoose's typed overloads take no computed list of operation names, hence the narrow view.
    const hooks = schema as unknown as Hooks;
    for (const op of READ_QUERIES) hooks.pre(op, guardRead);
    hooks.pre('aggregate', guardAggregate);
    for (const op of [...WRITE_QUERIES, 'save', ...WRITE_MODEL_OPS]) hooks.pre(op, guardWrite);
    for (const op of [...READ_QUERIES, 'aggregate']) {
      hooks.post(op, readSucceeded);
      hooks.post(op, { errorHandler: true }, readFailed);
    }
    for (const op of [...WRITE_QUERIES, 'save', ...WRITE_MODEL_OPS]) {
      hooks.post(op, writeSucceeded);
      hooks.post(op, { errorHandler: true }, (error) => failed(error, true));
    }
  };
}

/** A query as a pre hook sees it. */
interface OptionsTarget {
  getOptions(): { maxTimeMS?: unknown };
  setOptions(options: Record<string, unknown>): unknown;
}

/** An aggregation as a pre hook sees it. */
interface AggregateTarget {
  options: { maxTimeMS?: unknown };
  option(options: Record<string, unknown>): unknown;
}

/** A read's own `maxTimeMS` (a repository's budget for a bulk lookup), else the default. */
function budgetOf(explicit: unknown, fallback: number): number {
  return typeof explicit === 'number' && explicit > 0 ? explicit : fallback;
}

/** The part of a schema's hook registration used here, by operation name. */
interface Hooks {
  pre(op: string, fn: (this: never) => void): void;
  post(op: string, fn: (this: never) => void): void;
  post(
    op: string,
    options: { errorHandler: true },
    fn: (this: never, error: unknown) => void,
  ): void;
}

/** Aborts a read that outlived its deadline, with the error name the driver passes through. */
function expire(controller: AbortController, ms: number): void {
  controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
}
