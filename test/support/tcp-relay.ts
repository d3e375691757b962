import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay in front of a service, to make it vanish and come back during a test. */
export interface TcpRelay {
  port: number;
  /**
   * Keeps every connection open but stops passing the service's answers on, as if it had
   * frozen: calls hang instead of failing.
   */
  stall(): void;
  /** Stops listening and cuts every open connection, as if the service had died. */
  close(): Promise<void>;
}

/** Listens on `port` (or a free one) and forwards to the host:port in `target` (a URI). */
export async function startRelay(target: string, port = 0): Promise<TcpRelay> {
  const [host, targetPort] = target.replace(/^\w+:\/\//, '').split(/[:/]/);
  const sockets = new Set<Socket>();
  let stalled = false;
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(targetPort), host);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!stalled) socket.write(chunk);
    });
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stall: () => {
      stalled = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
