import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { AppConfig } from '@scout/config';

/**
 * Warns about MongoDB commands slower than `mongo.slowCommandMs`, from the driver's command
 * monitoring: command name, collection, database and duration — never the command or reply body,
 * which carry personal data. The driver reports a command in the async context of the request
 * that issued it, so the line is written with that request's logger and carries its `requestId`.
 * Monitoring makes the driver decode every reply once more, so it is only switched on (in the
 * connect options) when a threshold is set; with 0 nothing here runs.
 */
@Injectable()
export class SlowCommandLog implements OnModuleInit {
  private readonly logger = new Logger('Mongo');
  private readonly thresholdMs: number;
  /** Collection of each command in flight, by the driver's request id; at most one per command. */
  private readonly collections = new Map<number, string>();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    config: AppConfig,
  ) {
    this.thresholdMs = config.mongo.slowCommandMs;
  }

  onModuleInit(): void {
    if (this.thresholdMs <= 0) return;
    const client = this.connection.getClient();
    client.on('commandStarted', (event: mongo.CommandStartedEvent) => this.started(event));
    client.on('commandSucceeded', (event: mongo.CommandSucceededEvent) => this.finished(event));
    client.on('commandFailed', (event: mongo.CommandFailedEvent) => this.finished(event, true));
  }

  private started(event: mongo.CommandStartedEvent): void {
    // Collection commands name their collection in their first field (`{ find: 'profiles' }`);
    // admin commands carry a number or document there and are logged without one.
    const target: unknown = event.command[event.commandName];
    if (typeof target === 'string') this.collections.set(event.requestId, target);
  }

  private finished(
    event: mongo.CommandSucceededEvent | mongo.CommandFailedEvent,
    failed = false,
  ): void {
    const collection = this.collections.get(event.requestId);
    if (collection !== undefined) this.collections.delete(event.requestId);
    if (event.duration < this.thresholdMs) return;
    this.logger.warn(
      {
        command: event.commandName,
        collection,
        database: event.databaseName,
        durationMs: Math.round(event.duration * 100) / 100,
        failed,
      },
      'slow mongo command',
    );
  }
}
