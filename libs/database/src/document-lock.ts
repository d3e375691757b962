import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@scout/common';
import { DependencyMonitor } from './dependency.monitor';
import { InjectRedis, type RedisConnection } from './redis-client.factory';
import { ServerCapabilities } from './server-capabilities';

const LOCK_TTL_MS = 10_000;
const WAIT_LIMIT_MS = 3_000;
const RETRY_MS = 15;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Makes read-check-write sequences on one document exclusive where the server cannot: on real
 * MongoDB a conditional `findOneAndUpdate` is atomic and this runs the work directly; on
 * FerretDB (whose conditional writes race) it holds a Redis lock per document, shared by all
 * processes, with an in-process queue behind it. If Redis is unreachable, too slow (each call is
 * bounded by `redis.commandTimeoutMs`) or known to be down, only the in-process queue remains,
 * which is logged: concurrent writers in different processes may then race. A write therefore
 * never waits on Redis longer than one command deadline, and never runs after its request gave up
 * on Redis.
 */
@Injectable()
export class DocumentLock {
  private readonly logger = new Logger('DocumentLock');
  private readonly local = new Map<string, Promise<unknown>>();
  private lastWarning = 0;

  constructor(
    @InjectRedis() private readonly redis: RedisConnection,
    private readonly capabilities: ServerCapabilities,
    private readonly dependencies: DependencyMonitor,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    if ((await this.capabilities.get()).atomicConditionalWrites) return work();
    const previous = this.local.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.withRedisLock(key, work));
    this.local.set(key, run);
    try {
      return await run;
    } finally {
      if (this.local.get(key) === run) this.local.delete(key);
    }
  }

  private async withRedisLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lockKey = `scout:lock:${key}`;
    const token = randomUUID();
    const outcome = await this.acquire(lockKey, token);
    try {
      return await work();
    } finally {
      // After a timeout the SET may still reach Redis; the release follows it on the same
      // connection, so a late lock is undone instead of blocking other writers for its TTL.
      if (outcome !== 'unavailable') {
        await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
      }
    }
  }

  private async acquire(
    lockKey: string,
    token: string,
  ): Promise<'acquired' | 'timed-out' | 'unavailable'> {
    const gate = this.dependencies.redis;
    if (!gate.up) {
      this.warnInProcessOnly('down');
      return 'unavailable';
    }
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      try {
        const reply = await this.redis.set(lockKey, token, 'PX', LOCK_TTL_MS, 'NX');
        gate.recordSuccess();
        if (reply === 'OK') return 'acquired';
      } catch (error) {
        const timedOut = isCommandTimeout(error);
        if (timedOut) gate.recordTimeout();
        this.warnInProcessOnly((error as Error).name);
        return timedOut ? 'timed-out' : 'unavailable';
      }
      if (Date.now() > deadline) {
        throw new DomainError(
          ErrorCode.Conflict,
          'The resource is being changed by another request; retry.',
          {
            retryAfterSeconds: 1,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private warnInProcessOnly(errName: string): void {
    if (Date.now() - this.lastWarning <= 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ errName }, 'Redis unavailable; locking in-process only');
  }
}

/** ioredis' error for a command not answered within `commandTimeout`. */
function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out';
}
