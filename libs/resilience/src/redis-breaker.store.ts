import type { RedisConnection } from '@scout/database';
import { BREAKER_KEY_PREFIX, BREAKER_STATE_TTL_MS } from './resilience.constants';
import type {
  BreakerAdmission,
  BreakerSettings,
  BreakerState,
  BreakerTransition,
} from './breaker.types';

/*
 * Every script gets the same four keys of one host:
 *   KEYS[1] failures  consecutive counted failures while closed
 *   KEYS[2] open      exists (with a PX expiry) while the breaker is open
 *   KEYS[3] tripped   exists from opening until a probe closes it; tripped without open = half-open
 *   KEYS[4] probe     the token of the one caller probing the half-open breaker (SET NX PX)
 */

/** ARGV: token, probe ttl ms, open ms. Returns {code, ms}: 0 open, 1 pass, 2 probe, 3 probe taken. */
const ADMIT = `
local openTtl = redis.call('PTTL', KEYS[2])
if openTtl > 0 then return {0, openTtl} end
if redis.call('EXISTS', KEYS[3]) == 0 then return {1, 0} end
if redis.call('SET', KEYS[4], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2, 0} end
return {3, math.min(redis.call('PTTL', KEYS[4]), tonumber(ARGV[3]))}`;

/** ARGV: token, threshold, open ms, state ttl ms. */
const FAILURE = `
if redis.call('GET', KEYS[4]) == ARGV[1] then
  redis.call('DEL', KEYS[4])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
  return 'reopened'
end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'none' end
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if failures < tonumber(ARGV[2]) then return 'none' end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
return 'opened'`;

/** ARGV: token. */
const SUCCESS = `
if redis.call('GET', KEYS[4]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
  return 'closed'
end
if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('DEL', KEYS[1]) end
return 'none'`;

/** ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[4]) == ARGV[1] then redis.call('DEL', KEYS[4]) end
return 0`;

const STATE = `
if redis.call('PTTL', KEYS[2]) > 0 then return 'open' end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'half-open' end
return 'closed'`;

const TRANSITIONS: ReadonlySet<string> = new Set(['none', 'opened', 'reopened', 'closed']);
const STATES: ReadonlySet<string> = new Set(['closed', 'open', 'half-open']);

/**
 * A host's circuit breaker kept in Redis, so all worker processes share one verdict about the
 * host. Each operation is one Lua script, so concurrent processes never interleave a
 * read-check-write; time is handled by Redis key expiry, so process clocks do not matter.
 * Semantics are those of {@link LocalBreakerStore}. Calls reject when Redis does.
 */
export class RedisBreakerStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly policy: string,
    private readonly settings: BreakerSettings,
  ) {}

  /** The four keys of a host's breaker in one policy. */
  static keys(policy: string, host: string): [string, string, string, string] {
    const base = `${BREAKER_KEY_PREFIX}${policy}:{${host}}:`;
    return [`${base}failures`, `${base}open`, `${base}tripped`, `${base}probe`];
  }

  async admit(host: string, token: string): Promise<BreakerAdmission> {
    const reply = await this.run(
      ADMIT,
      host,
      token,
      this.settings.probeTtlMs,
      this.settings.openMs,
    );
    if (!Array.isArray(reply) || reply.length !== 2) throw unexpected(reply);
    const [code, ms] = reply.map(Number);
    switch (code) {
      case 0:
        return { admitted: false, state: 'open', retryAfterMs: ms };
      case 1:
        return { admitted: true, probe: false };
      case 2:
        return { admitted: true, probe: true };
      case 3:
        return { admitted: false, state: 'half-open', retryAfterMs: Math.max(ms, 1) };
      default:
        throw unexpected(reply);
    }
  }

  async recordFailure(host: string, token: string): Promise<BreakerTransition> {
    const reply = await this.run(
      FAILURE,
      host,
      token,
      this.settings.threshold,
      this.settings.openMs,
      BREAKER_STATE_TTL_MS,
    );
    return transition(reply);
  }

  async recordSuccess(host: string, token: string): Promise<BreakerTransition> {
    return transition(await this.run(SUCCESS, host, token));
  }

  async release(host: string, token: string): Promise<void> {
    await this.run(RELEASE, host, token);
  }

  async state(host: string): Promise<BreakerState> {
    const reply = await this.run(STATE, host);
    if (typeof reply !== 'string' || !STATES.has(reply)) throw unexpected(reply);
    return reply as BreakerState;
  }

  private run(script: string, host: string, ...args: (string | number)[]): Promise<unknown> {
    return this.redis.eval(script, 4, ...RedisBreakerStore.keys(this.policy, host), ...args);
  }
}

function transition(reply: unknown): BreakerTransition {
  if (typeof reply !== 'string' || !TRANSITIONS.has(reply)) throw unexpected(reply);
  return reply as BreakerTransition;
}

function unexpected(reply: unknown): Error {
  return new Error(`unexpected breaker script reply of type ${typeof reply}`);
}
