import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A local stand-in for Sentry's ingestion: every envelope, raw and as parsed events. */
export interface SentryReceiver {
  /** DSN pointing at this receiver (project 1). */
  dsn: string;
  /** Raw envelope bodies, to check that something never left the process. */
  raw: string[];
  /** Error events (envelope items of type `event`). */
  events: Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Sentry event JSON
  close(): Promise<void>;
}

/** Starts a server that accepts `POST /api/1/envelope/` as Sentry's SDK sends it. */
export async function startSentryReceiver(): Promise<SentryReceiver> {
  const raw: string[] = [];
  const events: SentryReceiver['events'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.method === 'POST' && req.url?.startsWith('/api/1/envelope/')) {
        const text = body.toString('utf8');
        raw.push(text);
        const lines = text.split('\n').filter((line) => line.length > 0);
        // Line 0 is the envelope header; then item header and payload pairs.
        for (let i = 1; i + 1 < lines.length; i += 2) {
          const header = JSON.parse(lines[i]) as { type?: string };
          if (header.type === 'event') events.push(JSON.parse(lines[i + 1]));
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    raw,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
