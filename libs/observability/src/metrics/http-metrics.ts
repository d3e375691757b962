import type { FastifyReply } from 'fastify';
import { Gauge, Histogram } from 'prom-client';
import type { RequestObserver } from '../request-logging';
import type { MetricsRegistry } from './metrics.registry';

/** Methods reported as themselves; anything else Node's parser accepts is `OTHER`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Upper bounds in seconds: sub-millisecond cache hits up to requests that hit a timeout. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * HTTP request metrics, fed by `RequestLogController` from inside Fastify's own request-log calls,
 * so recording adds no hook, middleware or interceptor to the pipeline. Labels are bounded: the
 * route is the template (`/v1/profiles/:id`, never the raw URL; `unmatched` for 404s), the method
 * one of a fixed set, the status a number. The in-flight count is a plain integer read at scrape
 * time; it drops when the response closes, so a client that goes away mid-request is not counted
 * forever.
 */
export class HttpMetrics implements RequestObserver {
  private inFlight = 0;
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly release = (): void => {
    this.inFlight -= 1;
  };

  constructor(registry: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from routing to the last byte of the response, by method, route template and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    const read = (): number => this.inFlight;
    new Gauge({
      name: 'http_requests_in_flight',
      help: 'Requests routed whose response has not closed yet.',
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  }

  requestStarted(reply: FastifyReply): void {
    this.inFlight += 1;
    reply.raw.on('close', this.release);
  }

  requestCompleted(method: string, route: string, statusCode: number, elapsedMs: number): void {
    this.duration.observe(
      { method: METHODS.has(method) ? method : 'OTHER', route, status_code: statusCode },
      elapsedMs / 1000,
    );
  }
}
