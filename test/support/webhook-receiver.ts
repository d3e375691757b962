import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A delivery as the receiver got it, after its signature checked out. */
export interface ReceivedDelivery {
  webhookId: string;
  payload: {
    id: string;
    type: string;
    timestamp: string;
    subject: { kind: string; id: string };
    sequence: number;
    data: Record<string, unknown>;
  };
  receivedAt: number;
}

/** How the receiver answers the next requests (applied in order; then 204). */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'hang' };

/**
 * A local webhook receiver as a real one should be written: it verifies every request's
 * Standard Webhooks signature with `standardwebhooks` (a request that fails verification is
 * answered 401 and counted in `rejected`, never in `received`), and it fails on demand (a status
 * such as 500, or 429 with Retry-After), answers slowly, or hangs.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** Every request, verified or not, with its arrival time. */
  readonly requests: Array<{ at: number; webhookId: string | undefined }> = [];
  rejected = 0;
  private readonly faults: Fault[] = [];
  private alwaysFault: Fault | undefined;
  private verifier: Webhook | undefined;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request, response) => {
      void receiver.handle(request).then(
        ({ status, headers }) => {
          response.writeHead(status, headers);
          response.end();
        },
        () => response.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The secret that `POST /v1/webhooks` returned: signatures are verified against it. */
  useSecret(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  /** Queues faults for the next requests. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Answers every request with this fault until cleared with `undefined`. */
  failAlways(fault: Fault | undefined): void {
    this.alwaysFault = fault;
  }

  /** Distinct event ids received (at-least-once: duplicates are possible and allowed). */
  eventIds(): Set<string> {
    return new Set(this.received.map((delivery) => delivery.payload.id));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    );
    this.requests.push({ at: Date.now(), webhookId: headers['webhook-id'] });
    const fault = this.faults.shift() ?? this.alwaysFault;
    if (fault?.kind === 'hang') await new Promise(() => undefined);
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.kind === 'status') {
      return {
        status: fault.status,
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      };
    }
    if (!this.verifier) throw new Error('WebhookReceiver.useSecret was not called');
    try {
      const payload = this.verifier.verify(body, headers) as ReceivedDelivery['payload'];
      this.received.push({ webhookId: headers['webhook-id'], payload, receivedAt: Date.now() });
      return { status: 204, headers: {} };
    } catch {
      this.rejected += 1;
      return { status: 401, headers: {} };
    }
  }
}

/** Subjects whose sequences have a gap or do not start at `first`: should be empty. */
export function sequenceGaps(
  deliveries: readonly ReceivedDelivery[],
  first = 1,
): Array<{ subject: string; missing: number[] }> {
  const bySubject = new Map<string, Set<number>>();
  for (const { payload } of deliveries) {
    const key = `${payload.subject.kind}:${payload.subject.id}`;
    const seen = bySubject.get(key) ?? new Set<number>();
    seen.add(payload.sequence);
    bySubject.set(key, seen);
  }
  const gaps: Array<{ subject: string; missing: number[] }> = [];
  for (const [subject, seen] of bySubject) {
    const last = Math.max(...seen);
    const missing: number[] = [];
    for (let sequence = first; sequence <= last; sequence += 1) {
      if (!seen.has(sequence)) missing.push(sequence);
    }
    if (missing.length > 0) gaps.push({ subject, missing });
  }
  return gaps;
}
