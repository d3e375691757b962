import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { DependencyMonitor, InjectRedis, type RedisConnection } from '@scout/database';
import { ProfilesErrors } from './profiles.errors';

/**
 * Every lease key carries the same hash tag, so one script may take the leases of any set of
 * companies on a Redis Cluster (all in one slot).
 */
const KEY_PREFIX = 'scout:lease:{companies}:';
const exclusiveKey = (ref: string) => `${KEY_PREFIX}x:${ref}`;
const sharedKey = (ref: string) => `${KEY_PREFIX}s:${ref}`;

/**
 * How many write deadlines a lease outlives: a leased write resolves its references and writes
 * the profile and its events, each step bounded by `mongo.writeTimeoutMs`.
 */
const TTL_IN_WRITE_DEADLINES = 3;

/** Redis time in ms, inside a script (replicated as effects, so allowed on Redis ≥ 5). */
const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/**
 * KEYS: (exclusive, shared) per company reference; ARGV: token, TTL in ms. Takes a shared lease
 * on every reference no delete holds, and returns the 1-based positions of those a delete holds.
 */
const SHARE = `${NOW}
local ttl = tonumber(ARGV[2])
local blocked = {}
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    blocked[#blocked + 1] = (i + 1) / 2
  else
    redis.call('ZADD', KEYS[i + 1], now + ttl, ARGV[1])
    if redis.call('PTTL', KEYS[i + 1]) < ttl then redis.call('PEXPIRE', KEYS[i + 1], ttl) end
  end
end
return blocked`;

/** KEYS: shared lease keys; ARGV: token. */
const UNSHARE = `for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end return 1`;

/**
 * KEYS: (exclusive, shared) per reference of one company; ARGV: token, TTL in ms. 0 when the
 * exclusive lease is taken, 1 while shared leases that have not expired are held, 2 while another
 * delete holds it.
 */
const EXCLUDE = `${NOW}
for i = 1, #KEYS, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i + 1], '-inf', now)
  if redis.call('ZCARD', KEYS[i + 1]) > 0 then return 1 end
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[1] then return 2 end
end
for i = 1, #KEYS, 2 do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
return 0`;

/** KEYS: exclusive lease keys; ARGV: token. Deletes only what this token holds. */
const UNEXCLUDE = `for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1`;

/** A company as a delete knows it: profiles may reference it by either. */
export interface LeasedCompany {
  id: string;
  publicId: string;
}

/** What the in-process fallback holds per company reference. */
interface LocalLease {
  shared: number;
  exclusive: boolean;
}

/**
 * Keeps a company from being deleted while a profile that references it is being written, across
 * processes: each such write holds a shared lease on the companies it references (one Redis
 * round trip to take them all, one to release), and a delete holds the exclusive lease, which
 * waits for no one: it is refused while shared leases are held, and shared leases are refused
 * (the company reads as unknown) while it is held. Leases expire after a few write deadlines,
 * so a crashed holder blocks a company only that long. When Redis is unreachable, too slow or
 * known to be down, leases are kept in this process only, which is logged: writers and deletes
 * in different processes may then race, as with the document lock.
 */
@Injectable()
export class CompanyReferenceLeases {
  private readonly logger = new Logger('CompanyReferenceLeases');
  private readonly local = new Map<string, LocalLease>();
  private readonly ttlMs: number;
  private lastWarning = 0;

  constructor(
    @InjectRedis() private readonly redis: RedisConnection,
    private readonly dependencies: DependencyMonitor,
    config: AppConfig,
  ) {
    this.ttlMs = TTL_IN_WRITE_DEADLINES * config.mongo.writeTimeoutMs;
  }

  /**
   * Runs `work` holding shared leases on `refs` (company ids or publicIds). `work` gets the
   * references a delete holds: no lease was taken on those, and the write must treat them as
   * unknown companies.
   */
  async whileReferencing<T>(
    refs: readonly string[],
    work: (deleting: ReadonlySet<string>) => Promise<T>,
  ): Promise<T> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return work(new Set());
    const token = randomUUID();
    const keys = unique.flatMap((ref) => [exclusiveKey(ref), sharedKey(ref)]);
    const taken = await this.call(SHARE, keys, [token, String(this.ttlMs)]);
    if (!('reply' in taken)) {
      return this.locallyReferencing(unique, work, taken.timedOut ? token : undefined);
    }
    const deleting = new Set((taken.reply as number[]).map((position) => unique[position - 1]));
    try {
      return await work(deleting);
    } finally {
      const held = unique.filter((ref) => !deleting.has(ref)).map(sharedKey);
      if (held.length > 0) await this.call(UNSHARE, held, [token]);
    }
  }

  /**
   * Runs `work` (the delete) holding the company's exclusive lease; refused with 409 while
   * profiles that reference it are being written, or while another delete of it runs.
   */
  async whileDeleting<T>(company: LeasedCompany, work: () => Promise<T>): Promise<T> {
    const refs = [company.id, company.publicId];
    const token = randomUUID();
    const keys = refs.flatMap((ref) => [exclusiveKey(ref), sharedKey(ref)]);
    const taken = await this.call(EXCLUDE, keys, [token, String(this.ttlMs)]);
    if (!('reply' in taken)) {
      return this.locallyDeleting(refs, work, taken.timedOut ? token : undefined);
    }
    if (taken.reply === 1) throw ProfilesErrors.companyBeingReferenced();
    if (taken.reply === 2) throw ProfilesErrors.busy();
    try {
      return await work();
    } finally {
      await this.call(UNEXCLUDE, refs.map(exclusiveKey), [token]);
    }
  }

  /** Shared leases of this process only; a late Redis lease of `token` is undone after. */
  private async locallyReferencing<T>(
    refs: string[],
    work: (deleting: ReadonlySet<string>) => Promise<T>,
    token: string | undefined,
  ): Promise<T> {
    const deleting = new Set(refs.filter((ref) => this.leaseOf(ref).exclusive));
    const held = refs.filter((ref) => !deleting.has(ref));
    for (const ref of held) this.leaseOf(ref).shared++;
    try {
      return await work(deleting);
    } finally {
      for (const ref of held) this.release(ref, (lease) => lease.shared--);
      if (token) await this.call(UNSHARE, refs.map(sharedKey), [token]);
    }
  }

  /** The exclusive lease of this process only; a late Redis lease of `token` is undone after. */
  private async locallyDeleting<T>(
    refs: string[],
    work: () => Promise<T>,
    token: string | undefined,
  ): Promise<T> {
    const leases = refs.map((ref) => this.leaseOf(ref));
    const refusal = leases.some((lease) => lease.shared > 0)
      ? ProfilesErrors.companyBeingReferenced()
      : leases.some((lease) => lease.exclusive)
        ? ProfilesErrors.busy()
        : null;
    if (refusal) {
      for (const ref of refs) this.release(ref, () => undefined);
      throw refusal;
    }
    for (const lease of leases) lease.exclusive = true;
    try {
      return await work();
    } finally {
      for (const ref of refs) this.release(ref, (lease) => (lease.exclusive = false));
      if (token) await this.call(UNEXCLUDE, refs.map(exclusiveKey), [token]);
    }
  }

  private leaseOf(ref: string): LocalLease {
    let lease = this.local.get(ref);
    if (!lease) {
      lease = { shared: 0, exclusive: false };
      this.local.set(ref, lease);
    }
    return lease;
  }

  /** Applies `change` to the local lease of `ref` and forgets it once nothing holds it. */
  private release(ref: string, change: (lease: LocalLease) => unknown): void {
    const lease = this.leaseOf(ref);
    change(lease);
    if (lease.shared === 0 && !lease.exclusive) this.local.delete(ref);
  }

  /**
   * One script call: its reply, or no reply because Redis is known to be down, refused it, or
   * did not answer within its command deadline (`timedOut`: the script may still run).
   */
  private async call(
    script: string,
    keys: string[],
    args: string[],
  ): Promise<{ reply: unknown } | { timedOut: boolean }> {
    const gate = this.dependencies.redis;
    if (!gate.up) {
      this.warnInProcessOnly('down');
      return { timedOut: false };
    }
    try {
      const reply: unknown = await this.redis.eval(script, keys.length, ...keys, ...args);
      gate.recordSuccess();
      return { reply };
    } catch (error) {
      const timedOut = error instanceof Error && error.message === 'Command timed out';
      if (timedOut) gate.recordTimeout();
      this.warnInProcessOnly((error as Error).name);
      return { timedOut };
    }
  }

  private warnInProcessOnly(errName: string): void {
    if (Date.now() - this.lastWarning <= 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ errName }, 'Redis unavailable; company leases in-process only');
  }
}
