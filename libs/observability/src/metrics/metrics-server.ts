import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

/** What the server exposes: a registry's text format and its content type. */
export interface MetricsSource {
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** A running management listener. */
export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one the OS picked for 0). */
  readonly port: number;
  /** Stops accepting connections and resolves once open ones are done. */
  close(): Promise<void>;
}

/**
 * Something else an app serves on its management listener (an admin page, say), registered
 * beside `/metrics` in its own encapsulated scope so its hooks never touch the scrape route.
 */
export type ManagementRoutes = (app: FastifyInstance) => Promise<void>;

const OTHER_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A small Fastify instance of its own that serves `GET /metrics` (plus whatever `routes` add),
 * so the api's metrics sit on a management port instead of its public listener and scrapes never
 * pass through the request pipeline (or show up in its own request metrics). Rejects when the
 * port cannot be bound.
 */
export async function startMetricsServer(
  source: MetricsSource,
  options: { port: number; host: string },
  routes: ManagementRoutes[] = [],
): Promise<MetricsServer> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).type('text/plain; charset=utf-8').send('Not Found\n');
  });
  app.get('/metrics', async (_request, reply) => {
    let body: string;
    try {
      body = await source.metrics();
    } catch {
      return reply.code(500).type('text/plain; charset=utf-8').send('metrics collection failed\n');
    }
    return reply.type(source.contentType).header('cache-control', 'no-store').send(body);
  });
  app.route({
    method: [...OTHER_METHODS],
    url: '/metrics',
    handler: (_request, reply) => reply.code(405).header('allow', 'GET, HEAD').send(),
  });
  for (const register of routes) await app.register(register);
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    port: (app.server.address() as AddressInfo).port,
    close: () => app.close(),
  };
}
