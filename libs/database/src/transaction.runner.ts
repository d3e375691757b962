import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ClientSession, Connection } from 'mongoose';
import { ServerCapabilities } from './server-capabilities';

/**
 * Runs a unit of work in a multi-document transaction where the server has them (replica set
 * or sharded cluster) and as a plain sequence elsewhere (standalone servers, FerretDB). Work
 * given to it must therefore be safe to repeat: idempotent writes, upserts by natural key.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly capabilities: ServerCapabilities,
  ) {}

  /** Whether this server runs multi-document transactions; asked once per process. */
  async supportsTransactions(): Promise<boolean> {
    return (await this.capabilities.get()).transactions;
  }

  async withTransaction<T>(work: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
    if (await this.supportsTransactions()) {
      return this.connection.transaction((session) => work(session));
    }
    return work(undefined);
  }
}
