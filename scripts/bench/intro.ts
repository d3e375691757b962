/**
 * The hand-written top of docs/benchmarks.md, used only when the file (or its results markers) is
 * missing; afterwards the bench rewrites just the results section and edits here are not needed.
 */
export const DOC_INTRO = `# Benchmarks

\`npm run bench\` measures the api against a bare Fastify server on the same machine, in one run,
and rewrites the results section of this file. It needs nothing beyond \`npm test\`: it starts
throwaway MongoDB-compatible and Redis servers (see [local services](local-services.md)), builds
the apps, and runs the **built** api (\`dist/apps/api/src/main.js\`) with \`NODE_ENV=production\`
after the index sync (\`db-indexes.js\`), exactly as production starts it. All traffic stays on
127.0.0.1; every load run is bounded in time or count, and any child is stopped on exit or Ctrl-C.

## What each scenario measures

Reads are measured with [autocannon](https://github.com/mcollina/autocannon): 50 connections, a
2 s warm-up that is discarded, then 8 s measured, in 2 rounds (the second in reverse order);
the tables show medians. Throughput counts completed responses per second; p50/p99 are exact
percentiles of the 2xx latencies (autocannon's own histogram only has 1 ms steps). A run with more
than 1% errors (non-2xx, connection errors, timeouts) fails the bench.

1. **baseline**: a bare Fastify server (no Nest, no logging, no validation) whose one route
   returns the exact JSON of a real \`GET /v1/profiles/:id\` response, serialised per request as
   the api does. It is the ceiling for this machine.
2. **profile, cache warm**: \`GET /v1/profiles/:id\` over the same 8 ids, so after the warm-up
   every read is an in-process LRU hit. _Target: at least 0.4 × the baseline's throughput._
3. **profile, cache off**: the same requests to a second api process started with
   \`CACHE_ENABLED=false\`: MongoDB on every request.
4. **list, first page** and **list, 50,000 deep**: \`GET /v1/profiles?limit=20\` versus the same
   with the cursor found by walking 500 pages of 100 in a 100,000-profile collection (seeded
   through the batch route). Keyset pagination should make depth free. _Target: deep-page p50 at
   most 1.5 × first-page p50._
5. **writes**: 10,000 profiles through \`POST /v1/profiles/batch\` (10 requests of 1,000, 2 in
   flight) versus 10,000 single \`POST /v1/profiles\` (16 in flight, through autocannon), each with
   fresh publicIds. _Target: batches at least 10 × faster (profiles per second)._
6. **health/live**: \`GET /health/live\` on the api: no data access, so it shows what the shared
   pipeline (Nest routing, request id, request logging, problem filter) costs against the baseline.

## Reading the figures

- The load generator, the servers under test and the database all share the machine; on a small
  machine the client takes a large share of the CPU, which compresses the differences between
  fast servers. Compare ratios within one run, not absolute numbers across machines.
- Locally the MongoDB-compatible server is usually FerretDB v1.24.2 on SQLite, which is much slower
  than MongoDB for writes and large scans; production runs MongoDB. Scenarios 3–5 therefore show
  the local floor, not production capacity.
- A missed target is reported (MISS) but does not fail the command; a broken run (a server that
  does not start, more than 1% errors) exits non-zero.

Knobs for quick local runs (a run with any of them changed does not rewrite this file):
\`BENCH_ROUNDS\`, \`BENCH_DURATION_S\`, \`BENCH_WARMUP_S\`, \`BENCH_CONNECTIONS\`, \`BENCH_PROFILES\`,
\`BENCH_DEEP\`, \`BENCH_WRITES\`.
`;
