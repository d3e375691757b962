import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ClientSession, Connection } from 'mongoose';

/**
 * Runs a unit of work in a multi-document transaction where the server has them (replica set
 * or sharded cluster) and as a plain sequence elsewhere (standalone servers, FerretDB). Work
 * given to it must therefore be safe to repeat: idempotent writes, upserts by natural key.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger('Mongo');
  private support?: Promise<boolean>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Whether this server runs multi-document transactions; asked once per process. */
  supportsTransactions(): Promise<boolean> {
    this.support ??= this.detect();
    return this.support;
  }

  async withTransaction<T>(work: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
    if (await this.supportsTransactions()) {
      return this.connection.transaction((session) => work(session));
    }
    return work(undefined);
  }

  private async detect(): Promise<boolean> {
    try {
      const hello = await this.connection
        .asPromise()
        .then((c) => c.db!.admin().command({ hello: 1 }));
      const supported = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      if (!supported) {
        this.logger.log('server has no multi-document transactions; running units of work plainly');
      }
      return supported;
    } catch (error) {
      this.support = undefined;
      throw error;
    }
  }
}
