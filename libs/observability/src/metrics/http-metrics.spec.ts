import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics.registry';

function reply(): { reply: FastifyReply; raw: EventEmitter } {
  const raw = new EventEmitter();
  return { reply: { raw } as unknown as FastifyReply, raw };
}

describe('HttpMetrics', () => {
  let registry: MetricsRegistry;
  let http: HttpMetrics;

  beforeEach(() => {
    registry = new MetricsRegistry();
    http = new HttpMetrics(registry);
  });

  it('counts a request in flight until its response closes, even if never completed', async () => {
    const first = reply();
    const second = reply();
    http.requestStarted(first.reply);
    http.requestStarted(second.reply);
    expect(await registry.getSingleMetricAsString('http_requests_in_flight')).toMatch(
      /^http_requests_in_flight 2$/m,
    );
    first.raw.emit('close'); // completed normally
    second.raw.emit('close'); // client went away: requestCompleted never comes
    expect(await registry.getSingleMetricAsString('http_requests_in_flight')).toMatch(
      /^http_requests_in_flight 0$/m,
    );
  });

  it('observes seconds by method, route template and status; unknown methods are OTHER', async () => {
    http.requestCompleted('GET', '/v1/profiles/:id', 200, 12.5);
    http.requestCompleted('PROPFIND', 'unmatched', 404, 1);
    const text = await registry.getSingleMetricAsString('http_request_duration_seconds');
    expect(text).toContain(
      'http_request_duration_seconds_sum{method="GET",route="/v1/profiles/:id",status_code="200"} 0.0125',
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.025",method="GET",route="/v1/profiles/:id",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{method="OTHER",route="unmatched",status_code="404"} 1',
    );
  });
});
