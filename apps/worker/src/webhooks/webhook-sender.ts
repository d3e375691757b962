import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@scout/config';
import { OutboundTargetGuard } from '@scout/common';
import { createPinnedAgent, parseRetryAfter } from '@scout/resilience';
import { parseWebhookUrl, targetErrorOf } from '@scout/webhooks';
import { type Agent, request } from 'undici';
import { MAX_ANSWER_BYTES, MAX_ERROR_LENGTH } from './webhook-delivery.constants';

/** What one POST to a receiver came to. */
export type SendResult =
  | { kind: 'answered'; status: number; retryAfterMs?: number; latencyMs: number }
  | { kind: 'failed'; reason: string; latencyMs: number; refused: boolean };

/**
 * Makes the outbound POST of a delivery, with the webhook SSRF guard on every call, not only at
 * registration: the URL is read as WHATWG reads it, and every connection is opened by the
 * outbound guard's pinned agent (`createPinnedAgent`): the host resolved, refused when any
 * address is private (unless allowlisted in `WEBHOOK_ALLOWED_HOSTS`), and the connection made to
 * the address checked, so a rebinding resolver cannot swap in another. Kept-alive connections
 * are reused. Redirects are not followed (a 3xx is a failed attempt). Every call is bounded by
 * `WEBHOOK_TIMEOUT_MS` from the first DNS query to the last byte read, and reads at most 16 KiB
 * of the answer.
 */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly settings: AppConfig['webhooks'];
  private readonly agent: Agent;

  constructor(config: AppConfig) {
    this.settings = config.webhooks;
    const guard = new OutboundTargetGuard({ allowedHosts: this.settings.allowedHosts });
    this.agent = createPinnedAgent(guard, { connectTimeoutMs: this.settings.timeoutMs });
  }

  /** POSTs `body` to `target` with `headers`. Never rejects: failures come back as results. */
  async send(target: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const url = parseWebhookUrl(target, this.settings.allowedHosts);
      const answer = await this.post(url, body, headers, signal);
      return { kind: 'answered', ...answer, latencyMs: latency() };
    } catch (error) {
      const refusal = targetErrorOf(error);
      const reason = signal.aborted
        ? `timed out after ${this.settings.timeoutMs} ms`
        : refusal
          ? `target refused: ${refusal.message}`
          : `network error: ${errorCode(error)}`;
      return {
        kind: 'failed',
        reason: reason.slice(0, MAX_ERROR_LENGTH),
        latencyMs: latency(),
        refused: refusal !== undefined,
      };
    }
  }

  /** After the queue workers drained (they stop in `beforeApplicationShutdown`): idle sockets only. */
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  private async post(
    url: URL,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfterMs?: number }> {
    const answer = await request(url, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { ...headers, 'content-type': 'application/json' },
      body,
      signal,
    });
    let read = 0;
    for await (const chunk of answer.body as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read > MAX_ANSWER_BYTES) break;
    }
    return {
      status: answer.statusCode,
      retryAfterMs: parseRetryAfter(headerValue(answer.headers['retry-after'])),
    };
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
