// The round-robin proxy of the scale part as a process of its own, so its CPU is not the load
// generator's: started by scripts/bench/servers.ts as
//   BENCH_BACKENDS=<url>,<url> PORT=<port> node --import tsx scripts/bench/proxy-server.ts
// and prints "proxy ready" once every backend's readiness probe answers 200.
import { setTimeout as delay } from 'node:timers/promises';

import { startRoundRobinProxy } from '../chaos/round-robin-proxy';

const READY_TIMEOUT_MS = 60_000;

const backends = (process.env.BENCH_BACKENDS ?? '').split(',').filter(Boolean);
const port = Number(process.env.PORT);
if (backends.length === 0 || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('proxy-server: set BENCH_BACKENDS and PORT\n');
  process.exit(1);
}

async function serve(): Promise<void> {
  const proxy = await startRoundRobinProxy({ port, keepAlive: true });
  for (const backend of backends) proxy.add(backend);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (proxy.ready().length < backends.length) {
    if (Date.now() > deadline) throw new Error(`backends not ready: ${backends.join(', ')}`);
    await delay(100);
  }
  process.stdout.write(`proxy ready on 127.0.0.1:${port}\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void proxy.close().then(() => process.exit(0));
    });
  }
}

serve().catch((error: unknown) => {
  process.stderr.write(`proxy-server: ${String(error)}\n`);
  process.exit(1);
});
