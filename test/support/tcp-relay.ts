import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay in front of a service, to make it vanish and come back during a test. */
export interface TcpRelay {
  port: number;
  /** Stops listening and cuts every open connection, as if the service had died. */
  close(): Promise<void>;
}

/** Listens on `port` (or a free one) and forwards to the host:port in `target` (a URI). */
export async function startRelay(target: string, port = 0): Promise<TcpRelay> {
  const [host, targetPort] = target.replace(/^\w+:\/\//, '').split(/[:/]/);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(targetPort), host);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
