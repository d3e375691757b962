// The benchmark's baseline: a bare Fastify server with one route returning the same JSON document
// the api returns for a profile. Started as its own process (like the api) by scripts/bench/run.ts:
//   BENCH_BODY_FILE=<json file> PORT=<port> node --import tsx scripts/bench/baseline-server.ts
import fs from 'node:fs';

import Fastify from 'fastify';

const bodyFile = process.env.BENCH_BODY_FILE;
const port = Number(process.env.PORT);
if (!bodyFile || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('baseline-server: set BENCH_BODY_FILE and PORT\n');
  process.exit(1);
}

// Parsed once and returned as an object, so Fastify serialises it on every request exactly as the
// api does for a profile (no response schema there either): the baseline includes that cost.
const document = JSON.parse(fs.readFileSync(bodyFile, 'utf8')) as Record<string, unknown>;

const app = Fastify({ logger: false });
app.get('/profile', async () => document);

app.listen({ port, host: '127.0.0.1' }).then(
  () => process.stdout.write(`baseline listening on 127.0.0.1:${port}\n`),
  (error: unknown) => {
    process.stderr.write(`baseline-server: ${String(error)}\n`);
    process.exit(1);
  },
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
