import { connect, createServer, type Server, type Socket } from 'node:net';
import { type Readable, Transform, type TransformCallback } from 'node:stream';

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

/** Options of a relay in front of a MongoDB-wire server. */
export interface RelayOptions {
  /**
   * Asked for every OP_MSG a client sends, with its command name (`find`, `ping`, …): `true`
   * swallows the message, so that command never gets an answer while every other one does —
   * a server that answers pings but not queries.
   */
  hold?: (command: string) => boolean;
}

const OP_MSG = 2013;

/** The command name of an OP_MSG whose first section is the body (kind 0), else ''. */
function commandOf(message: Buffer): string {
  if (message.length < 27 || message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return '';
  const end = message.indexOf(0, 26);
  return end > 26 ? message.toString('latin1', 26, end) : '';
}

/** Splits the client's byte stream into wire messages and drops the ones `hold` claims. */
function messageFilter(hold: (command: string) => boolean): Transform {
  let pending = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (!hold(commandOf(message))) this.push(message);
      }
      done();
    },
  });
}

/** Listens on `port` (or a free one) and forwards to the host:port in `target` (a URI). */
export async function startRelay(
  target: string,
  port = 0,
  options: RelayOptions = {},
): Promise<TcpRelay> {
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
  const forward = (from: Socket, to: Socket, bytes: Readable = from): void => {
    bytes.on('data', (chunk: Buffer) => (paused ? held.push({ to, chunk }) : deliver(to, chunk)));
    from.on('close', () => (paused ? held.push({ to }) : deliver(to)));
  };
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(targetPort), host);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const hold = options.hold;
    forward(socket, upstream, hold ? socket.pipe(messageFilter(hold)) : socket);
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
