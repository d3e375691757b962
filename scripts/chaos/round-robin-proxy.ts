// A small HTTP load balancer for the rolling-restart scenario and the bench's scale part, doing
// what a Kubernetes Service or an nginx upstream does: round-robin over the backends whose
// readiness probe answers 200, and a request whose connection was refused goes to the next
// backend (nothing reached the refusing one, so even a POST is safe to send again). By default
// each request gets its own upstream connection, so a backend closing its keep-alive sockets on
// shutdown cannot cut a request that is already sent; `keepAlive` reuses upstream connections
// instead, as an nginx upstream with `keepalive` does, for measuring throughput.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy and its backends. */
export interface RoundRobinProxy {
  url: string;
  /** Adds a backend (base URL); it takes traffic once its readiness probe answers 200. */
  add(backend: string): void;
  /** Removes a backend at once. */
  remove(backend: string): void;
  /** Backends taking traffic now. */
  ready(): string[];
  close(): Promise<void>;
}

/** How the proxy listens and connects upstream. */
export interface ProxyOptions {
  /** The backends' readiness path (default `/health/ready`). */
  readinessPath?: string;
  /** Loopback port to listen on (default: a free one). */
  port?: number;
  /** Reuse upstream connections instead of one per request (default false). */
  keepAlive?: boolean;
}

const PROBE_EVERY_MS = 200;
const PROBE_TIMEOUT_MS = 1_000;
/** A connection refused on every ready backend is answered 502, as a real balancer would. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED']);

interface Backend {
  url: URL;
  ready: boolean;
}

/** One proxied request: how the upstream is reached, and which backend takes the next try. */
interface Forwarding {
  agent: http.Agent | false;
  choose(skip: Set<Backend>): Backend | undefined;
}

/** Sends `body` to the next ready backend, trying the others on a refused connection. */
function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  body: Buffer,
  forwarding: Forwarding,
): void {
  const tried = new Set<Backend>();
  const attempt = (): void => {
    const backend = forwarding.choose(tried);
    if (!backend) {
      response.writeHead(502, { 'content-type': 'text/plain' }).end('no ready backend');
      return;
    }
    tried.add(backend);
    const headers = forwarding.agent
      ? request.headers
      : { ...request.headers, connection: 'close' };
    const upstream = http.request(
      {
        host: backend.url.hostname,
        port: backend.url.port,
        method: request.method,
        path: request.url,
        headers,
        agent: forwarding.agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (CONNECT_ERRORS.has(error.code ?? '')) {
        backend.ready = false;
        attempt();
        return;
      }
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/plain' });
      }
      response.end(`upstream error: ${error.code ?? error.message}`);
    });
    upstream.end(body);
  };
  attempt();
}

/** Starts the proxy on a loopback port, probing each backend's readiness path. */
export async function startRoundRobinProxy(options: ProxyOptions = {}): Promise<RoundRobinProxy> {
  const readinessPath = options.readinessPath ?? '/health/ready';
  const backends = new Map<string, Backend>();
  let next = 0;

  const probe = async (backend: Backend): Promise<void> => {
    try {
      const response = await fetch(new URL(readinessPath, backend.url), {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      backend.ready = response.status === 200;
    } catch {
      backend.ready = false;
    }
  };
  const prober = setInterval(() => {
    for (const backend of backends.values()) void probe(backend);
  }, PROBE_EVERY_MS);

  const agent = options.keepAlive ? new http.Agent({ keepAlive: true }) : false;
  const forwarding: Forwarding = {
    agent,
    choose: (skip) => {
      const ready = [...backends.values()].filter((b) => b.ready && !skip.has(b));
      if (ready.length === 0) return undefined;
      next = (next + 1) % ready.length;
      return ready[next];
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, response, Buffer.concat(chunks), forwarding));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add: (backend) => {
      const entry = { url: new URL(backend), ready: false };
      backends.set(backend, entry);
      void probe(entry);
    },
    remove: (backend) => {
      backends.delete(backend);
    },
    ready: () => [...backends.entries()].filter(([, b]) => b.ready).map(([url]) => url),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(prober);
        if (agent) agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
