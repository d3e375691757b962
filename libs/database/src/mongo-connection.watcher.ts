import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ConnectionStates, type Connection } from 'mongoose';
import { AppConfig } from '@scout/config';
import { mongoConnectOptions } from './mongo-options';

const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Lets the process start while MongoDB is away: the first connection attempt is retried with
 * capped backoff (the driver itself only reconnects once it has connected), state changes are
 * logged once each, and readiness reports the outage meanwhile instead of the process dying.
 */
@Injectable()
export class MongoConnectionWatcher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mongo');
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private everConnected = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AppConfig,
  ) {}

  /** True once the first connection succeeded; startup probes wait for it. */
  get hasConnected(): boolean {
    return this.everConnected;
  }

  onModuleInit(): void {
    this.connection.on('connected', () => {
      this.everConnected = true;
      this.logger.log('connected');
    });
    this.connection.on('disconnected', () => {
      if (!this.stopped) this.logger.warn('disconnected');
    });
    this.connection.on('reconnected', () => this.logger.log('reconnected'));
    this.connection.on('error', (err: Error) =>
      this.logger.warn({ errName: err.name, errMessage: err.message }, 'connection error'),
    );
    if (this.connection.readyState === ConnectionStates.connected) this.everConnected = true;
    this.watchAttempt(this.connection.asPromise(), 1);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private watchAttempt(attempt: Promise<unknown>, n: number): void {
    attempt.catch((err: Error) => {
      if (this.stopped) return;
      const delay = Math.min(500 * 2 ** (n - 1), MAX_RETRY_DELAY_MS);
      this.logger.warn(
        { errName: err.name, attempt: n, retryInMs: delay },
        'initial connection failed; retrying',
      );
      this.retryTimer = setTimeout(() => {
        if (this.stopped) return;
        this.watchAttempt(
          this.connection.openUri(this.config.mongo.uri, mongoConnectOptions(this.config)),
          n + 1,
        );
      }, delay);
      this.retryTimer.unref();
    });
  }
}
