import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildConnector, fetch, request } from 'undici';
import { type HostResolver, OutboundTargetGuard, OutboundTargetRefusedError } from '@scout/common';
import { createPinnedAgent } from './pinned-agent';

/** A resolver that gives each answer in turn (the last one forever), counting the questions. */
function scriptedResolver(...answers: string[][]): { resolver: HostResolver; calls: () => number } {
  let calls = 0;
  const resolver: HostResolver = async () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, calls: () => calls };
}

/** The first error along a cause chain that is an OutboundTargetRefusedError, if any. */
function refusal(error: unknown): OutboundTargetRefusedError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof OutboundTargetRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

describe('createPinnedAgent', () => {
  let server: Server;
  let port: number;
  /** Local address of each connection the server accepted. */
  let connections: string[];
  let closeAfterAnswer: boolean;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (closeAfterAnswer) res.setHeader('connection', 'close');
      res.end(`${req.headers.host} via ${req.socket.localAddress}`);
    });
    server.on('connection', (socket) => connections.push(socket.localAddress ?? ''));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    connections = [];
    closeAfterAnswer = false;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const get = async (url: string, dispatcher: ReturnType<typeof createPinnedAgent>) => {
    const { statusCode, body } = await request(url, { dispatcher });
    return { statusCode, text: await body.text() };
  };

  it('connects a name only to the address the guard checked, and reuses the connection', async () => {
    // `profiles.test` exists in no DNS: an answer can only come from the guard's resolver. The
    // second answer would be refused by the server (nothing listens on 127.0.0.2:port).
    const { resolver, calls } = scriptedResolver(['127.0.0.1'], ['127.0.0.2']);
    const guard = new OutboundTargetGuard({ resolver, allowNonPublic: true });
    const agent = createPinnedAgent(guard, { connectTimeoutMs: 1_000 });
    try {
      for (let i = 0; i < 3; i += 1) {
        await expect(get(`http://profiles.test:${port}/in/ada`, agent)).resolves.toEqual({
          statusCode: 200,
          text: `profiles.test:${port} via 127.0.0.1`,
        });
        // The pool takes the connection back once the answer is complete, a tick after its body.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(connections).toEqual(['127.0.0.1']);
      expect(calls()).toBe(1);
    } finally {
      await agent.close();
    }
  });

  it('DNS rebinding: the connection goes to the first checked address, and a new one to a private answer is refused', async () => {
    // Public at the first check, private at the next. The socket layer stands in for the
    // network: it records the address it is handed and reaches the local server for it.
    const { resolver, calls } = scriptedResolver(['93.184.216.34'], ['10.0.0.7']);
    const guard = new OutboundTargetGuard({ resolver });
    const asked: string[] = [];
    const socketLayer = buildConnector({ timeout: 1_000 });
    const agent = createPinnedAgent(guard, {
      connectTimeoutMs: 1_000,
      connector: (options, callback) => {
        asked.push(options.hostname);
        socketLayer({ ...options, hostname: '127.0.0.1', servername: undefined }, callback);
      },
    });
    try {
      closeAfterAnswer = true;
      expect((await get(`http://profiles.example:${port}/in/ada`, agent)).statusCode).toBe(200);
      const error = await get(`http://profiles.example:${port}/in/ada`, agent).catch(
        (caught: unknown) => caught,
      );
      expect(refusal(error)).toEqual(
        new OutboundTargetRefusedError('profiles.example', 'private-address'),
      );
      expect(asked).toEqual(['93.184.216.34']);
      expect(connections).toHaveLength(1);
      expect(calls()).toBe(2);
    } finally {
      await agent.close();
    }
  });

  it('refuses a name resolving to a private address, and a private IP literal, without connecting', async () => {
    const guard = new OutboundTargetGuard({ resolver: scriptedResolver(['127.0.0.1']).resolver });
    const agent = createPinnedAgent(guard, { connectTimeoutMs: 1_000 });
    try {
      for (const url of [`http://profiles.example:${port}/`, `http://127.0.0.1:${port}/`]) {
        const error = await get(url, agent).catch((caught: unknown) => caught);
        expect(refusal(error)?.reason).toBe('private-address');
      }
      expect(connections).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('works as the dispatcher of fetch, per host', async () => {
    const guard = new OutboundTargetGuard({
      resolver: scriptedResolver(['127.0.0.1']).resolver,
      allowedHosts: ['receiver.internal'],
    });
    const agent = createPinnedAgent(guard, { connectTimeoutMs: 1_000 });
    try {
      const response = await fetch(`http://receiver.internal:${port}/hook`, { dispatcher: agent });
      expect(await response.text()).toBe(`receiver.internal:${port} via 127.0.0.1`);
      const refused = await fetch(`http://elsewhere.internal:${port}/hook`, {
        dispatcher: agent,
      }).catch((caught: unknown) => caught);
      expect(refusal(refused)?.reason).toBe('private-address');
      expect(connections).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });
});
