// The mixed load a chaos scenario runs under: cached reads (a few hot profiles), uncached reads
// (the first page of the profile list, which no cache holds), profile creates and scrape
// requests, from a few concurrent clients. Every answer is kept, and every write and scrape
// request is remembered with what the client was told, so the ledger can be checked against the
// database afterwards.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/** What a load request does. */
export type Operation = 'cached read' | 'uncached read' | 'write' | 'scrape';

/** One request and what came of it; `status` 0 means no HTTP answer (connection failed, timed out). */
export interface Answer {
  operation: Operation;
  status: number;
  code?: string;
  ms: number;
  /** When it was sent, in ms since the load started. */
  at: number;
  error?: string;
}

/** A profile create or scrape request, with the answer the client got. */
export interface Remembered {
  publicId: string;
  status: number;
  code?: string;
  /** The scrape job's id, when the request was accepted. */
  jobId?: string;
}

/** Share of each operation in the mix; they add up to 1. */
const MIX: Array<[Operation, number]> = [
  ['cached read', 0.4],
  ['uncached read', 0.2],
  ['write', 0.25],
  ['scrape', 0.15],
];

/** Options of {@link MixedLoad}. */
export interface LoadOptions {
  /** The api (or the proxy in front of the apis) to load, e.g. http://127.0.0.1:40123. */
  url: string;
  apiKey: string;
  /** publicIds of seeded profiles that cached reads cycle through. */
  hotIds: string[];
  /** Clients sending one request at a time each. */
  clients: number;
  /** Pause of each client between its requests. */
  pauseMs: number;
  /** The client gives up on a request after this long (longer than the api's own deadline). */
  giveUpMs: number;
  /** Prefix of the publicIds created, so scenarios never share one. */
  prefix: string;
  /**
   * For a long run whose collections must not grow: writes patch these profiles instead of
   * creating new ones, and scrape requests cycle through `recurringTargets`.
   */
  steady?: { updateIds: string[]; recurringTargets: string[] };
}

/** A running mixed load and its ledger. */
export class MixedLoad {
  readonly answers: Answer[] = [];
  readonly writes: Remembered[] = [];
  readonly scrapes: Remembered[] = [];
  private readonly started = performance.now();
  private running = true;
  private readonly clients: Array<Promise<void>>;
  private counter = 0;

  constructor(private readonly options: LoadOptions) {
    this.clients = Array.from({ length: options.clients }, () => this.client());
  }

  /** Milliseconds since the load started. */
  now(): number {
    return performance.now() - this.started;
  }

  /** Stops sending and waits for every request in flight to be answered or given up. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.clients);
  }

  private pick(): Operation {
    let roll = Math.random();
    for (const [operation, share] of MIX) {
      roll -= share;
      if (roll < 0) return operation;
    }
    return 'cached read';
  }

  private async client(): Promise<void> {
    while (this.running) {
      await this.once(this.pick());
      await delay(this.options.pauseMs);
    }
  }

  private nextPublicId(kind: string): string {
    this.counter += 1;
    return `${this.options.prefix}-${kind}-${this.counter}-${randomBytes(3).toString('hex')}`;
  }

  private async once(operation: Operation): Promise<void> {
    const { hotIds } = this.options;
    switch (operation) {
      case 'cached read': {
        const id = hotIds[Math.floor(Math.random() * hotIds.length)] ?? '';
        await this.send(operation, 'GET', `/v1/profiles/${id}`);
        return;
      }
      case 'uncached read':
        await this.send(operation, 'GET', '/v1/profiles?limit=10');
        return;
      case 'write': {
        const steady = this.options.steady;
        if (steady) {
          const id = steady.updateIds[this.counter++ % steady.updateIds.length] ?? '';
          await this.send(operation, 'PATCH', `/v1/profiles/${id}`, {
            headline: `Revision ${this.counter}`,
          });
          return;
        }
        const publicId = this.nextPublicId('w');
        const answer = await this.send(operation, 'POST', '/v1/profiles', {
          publicId,
          fullName: 'Grace Hopper',
          headline: 'Rear admiral and compiler author',
          skills: ['COBOL', 'Compilers'],
        });
        this.writes.push({ publicId, status: answer.status, code: answer.code });
        return;
      }
      case 'scrape': {
        const recurring = this.options.steady?.recurringTargets;
        const publicId = recurring
          ? (recurring[this.counter++ % recurring.length] ?? '')
          : this.nextPublicId('s');
        const answer = await this.send(operation, 'POST', '/v1/scrape-jobs', { profile: publicId });
        this.scrapes.push({
          publicId,
          status: answer.status,
          code: answer.code,
          jobId: answer.id,
        });
        return;
      }
    }
  }

  private async send(
    operation: Operation,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<Answer & { id?: string }> {
    const at = this.now();
    const sent = performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomBytes(12).toString('hex');
    }
    let answer: Answer;
    let id: string | undefined;
    try {
      const response = await fetch(this.options.url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.giveUpMs),
      });
      const text = await response.text();
      let parsed: { code?: unknown; id?: unknown } = {};
      try {
        parsed = JSON.parse(text) as { code?: unknown; id?: unknown };
      } catch {
        // Not JSON (a proxy's own error page): the status says enough.
      }
      id = typeof parsed.id === 'string' ? parsed.id : undefined;
      answer = {
        operation,
        status: response.status,
        code: typeof parsed.code === 'string' ? parsed.code : undefined,
        ms: performance.now() - sent,
        at,
      };
    } catch (error) {
      answer = {
        operation,
        status: 0,
        ms: performance.now() - sent,
        at,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    this.answers.push(answer);
    return { ...answer, id };
  }
}
