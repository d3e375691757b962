// The floor of one scrape job, run as its own process by the bench: fetch each fake-site page and
// parse it with Scout's own parser, `BENCH_CONCURRENCY` at a time, with no queue, no database and
// no policies. Prints one JSON line: the CPU seconds and wall seconds of the loop alone.
import { parseTarget } from '@scout/profiles';
import { parseProfilePage } from '@scout/scraper';

async function main(): Promise<void> {
  const site = process.env.BENCH_SITE_URL ?? '';
  const ids = (process.env.BENCH_PUBLIC_IDS ?? '').split(',').filter(Boolean);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? '1');
  const queue = ids.map((id) => parseTarget(id, site));
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let parsed = 0;
  const lane = async (): Promise<void> => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const response = await fetch(target.url, { redirect: 'manual' });
      if (response.status !== 200) throw new Error(`${target.url}: HTTP ${response.status}`);
      parseProfilePage(await response.text(), target);
      parsed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `${JSON.stringify({ jobs: parsed, cpuSeconds: (cpu.user + cpu.system) / 1e6, seconds })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
