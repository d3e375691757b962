import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/** What the connected server can do that Scout adapts to. */
export interface Capabilities {
  /** Multi-document transactions (replica set or sharded cluster). */
  transactions: boolean;
  /** Conditional single-document writes are atomic (real MongoDB; not FerretDB v1). */
  atomicConditionalWrites: boolean;
  /**
   * Most update, replace and delete statements one write command may carry, and so one chunk of
   * a bulk write. Unbounded on MongoDB. FerretDB v1 keeps every matching statement's query, and
   * its pooled connection, open until the whole command ends, and never answers again once its
   * pool is exhausted (100 connections per database on SQLite, 50 per process on PostgreSQL).
   */
  maxUpdatesPerCommand: number;
  /** Human-readable server identity for the log. */
  server: string;
}

/**
 * Statements per update command on FerretDB: under the smallest pool (50, the PostgreSQL
 * backend) even when two processes (the api and the worker) each send a chunk at once.
 */
export const FERRETDB_UPDATES_PER_COMMAND = 20;

/**
 * Asks the server once what it supports, so Scout uses MongoDB's guarantees where they exist
 * and falls back explicitly (and visibly, in the log) on MongoDB-compatible servers that lack
 * them, such as FerretDB.
 */
@Injectable()
export class ServerCapabilities {
  private readonly logger = new Logger('Mongo');
  private detected?: Promise<Capabilities>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  get(): Promise<Capabilities> {
    this.detected ??= this.detect().catch((error: unknown) => {
      this.detected = undefined;
      throw error;
    });
    return this.detected;
  }

  private async detect(): Promise<Capabilities> {
    const db = (await this.connection.asPromise()).db!;
    const [hello, build] = await Promise.all([
      db.admin().command({ hello: 1 }),
      db.admin().command({ buildInfo: 1 }),
    ]);
    const ferret = typeof build.ferretdbVersion === 'string' ? build.ferretdbVersion : undefined;
    const capabilities: Capabilities = {
      // FerretDB v1 has no transactions, yet names a replica set in `hello` when started with
      // `--repl-set-name` (as tools that require a set ask it to be).
      transactions:
        ferret === undefined && (typeof hello.setName === 'string' || hello.msg === 'isdbgrid'),
      atomicConditionalWrites: ferret === undefined,
      maxUpdatesPerCommand:
        ferret === undefined ? Number.POSITIVE_INFINITY : FERRETDB_UPDATES_PER_COMMAND,
      server: ferret ? `FerretDB ${ferret}` : `MongoDB ${String(build.version)}`,
    };
    this.logger.log(
      { ...capabilities, maxUpdatesPerCommand: String(capabilities.maxUpdatesPerCommand) },
      'server capabilities',
    );
    if (!capabilities.transactions) {
      this.logger.log('no multi-document transactions; units of work run as plain sequences');
    }
    if (!capabilities.atomicConditionalWrites) {
      this.logger.log(
        'conditional writes are not atomic; versioned writes take a per-document lock',
      );
    }
    if (Number.isFinite(capabilities.maxUpdatesPerCommand)) {
      this.logger.log(
        `bulk updates go in commands of at most ${capabilities.maxUpdatesPerCommand} statements`,
      );
    }
    return capabilities;
  }
}
