import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay in front of a service, to make it vanish, freeze and come back during a test. */
export interface TcpRelay {
  port: number;
  /**
   * Stops forwarding in both directions, as if the service were frozen (SIGSTOP): connections
   * stay open, new ones are accepted, bytes wait in the relay until {@link TcpRelay.resume}.
   */
  pause(): void;
  /** Forwards again, delivering whatever waited meanwhile. */
  resume(): void;
  /** Stops listening and cuts every open connection, as if the service had died. */
  close(): Promise<void>;
}

/** Listens on `port` (or a free one) and forwards to the host:port in `target` (a URI). */
export async function startRelay(target: string, port = 0): Promise<TcpRelay> {
  const [host, targetPort] = target.replace(/^\w+:\/\//, '').split(/[:/]/);
  const sockets = new Set<Socket>();
  /** What waits while paused, in arrival order: bytes to deliver, or a side to close. */
  const held: Array<{ to: Socket; chunk?: Buffer }> = [];
  let paused = false;
  // Like a kernel buffer in front of a frozen process: bytes a peer sent before it hung up still
  // arrive when the service wakes, and only then does the service see the hang-up.
  const deliver = (to: Socket, chunk?: Buffer): void => {
    if (to.destroyed) return;
    if (chunk) to.write(chunk);
    else to.end();
  };
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => (paused ? held.push({ to, chunk }) : deliver(to, chunk)));
    from.on('close', () => (paused ? held.push({ to }) : deliver(to)));
  };
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(targetPort), host);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    forward(socket, upstream);
    forward(upstream, socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      for (const { to, chunk } of held.splice(0)) deliver(to, chunk);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
