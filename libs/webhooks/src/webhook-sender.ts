import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { parseRetryAfter } from '@scout/resilience';
import {
  assertResolvesPublic,
  bareHostname,
  parseWebhookUrl,
  resolveAll,
  WebhookTargetError,
} from './webhook-target';
import { MAX_ANSWER_BYTES, MAX_ERROR_LENGTH } from './webhooks.constants';

/** What one POST to a receiver came to. */
export type SendResult =
  | { kind: 'answered'; status: number; retryAfterMs?: number; latencyMs: number }
  | { kind: 'failed'; reason: string; latencyMs: number; refused: boolean };

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for one connection that answers only with the addresses checked before. */
function pinnedLookup(addresses: readonly LookupAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

/**
 * Makes the outbound POST of a delivery, with the webhook SSRF guard on every call, not only at
 * registration: the URL is read as WHATWG reads it, its host resolved and refused when any
 * address is private (unless allowlisted), and the connection goes to exactly the checked
 * addresses (the DNS answer is pinned, so a rebinding resolver cannot swap in another). Redirects
 * are not followed (a 3xx is a failed attempt). Every call is bounded by `WEBHOOK_TIMEOUT_MS`
 * from the first DNS query to the last byte read, and reads at most 16 KiB of the answer.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly settings: AppConfig['webhooks'];

  constructor(config: AppConfig) {
    this.settings = config.webhooks;
  }

  /** POSTs `body` to `target` with `headers`. Never rejects: failures come back as results. */
  async send(target: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const url = parseWebhookUrl(target, this.settings.allowedHosts);
      const addresses = await assertResolvesPublic(
        bareHostname(url),
        this.settings.allowedHosts,
        resolveAll,
      );
      signal.throwIfAborted();
      const answer = await this.post(url, addresses, body, headers, signal);
      return { kind: 'answered', ...answer, latencyMs: latency() };
    } catch (error) {
      const refused = error instanceof WebhookTargetError;
      const reason = signal.aborted
        ? `timed out after ${this.settings.timeoutMs} ms`
        : refused
          ? `target refused: ${error.message}`
          : `network error: ${errorCode(error)}`;
      return {
        kind: 'failed',
        reason: reason.slice(0, MAX_ERROR_LENGTH),
        latencyMs: latency(),
        refused,
      };
    }
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private post(
    url: URL,
    addresses: readonly LookupAddress[],
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfterMs?: number }> {
    const secure = url.protocol === 'https:';
    const client = secure ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(url, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
        lookup: pinnedLookup(addresses),
        signal,
      });
      request.on('error', reject);
      request.on('response', (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfterMs: parseRetryAfter(headerValue(response.headers['retry-after'])),
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', reject);
      });
      request.end(body);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The first `code` along an error's cause chain (ECONNREFUSED, ECONNRESET…), or its name. */
function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'unknown';
}
