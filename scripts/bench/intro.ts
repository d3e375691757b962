/**
 * The hand-written top of docs/benchmarks.md, used only when the file (or its results markers) is
 * missing: after that the bench rewrites just the results section, and this part is edited by
 * hand in the doc.
 */
export const DOC_INTRO = `# Benchmarks

\`npm run bench\` measures the api against a bare Fastify server on the same machine, in one run,
and rewrites the results section of this file. It needs nothing beyond what \`npm test\` needs: it
starts throwaway MongoDB-compatible and Redis servers (see [local services](local-services.md)),
builds the apps, runs the index sync (\`db-indexes.js\`) and starts the **built** api
(\`dist/apps/api/src/main.js\`) with \`NODE_ENV=production\`, as production does. All traffic stays
on 127.0.0.1, every load run is bounded in time or count, and every child process is stopped at
the end, on failure and on Ctrl-C. A run takes about 7–8 minutes on 2 cores with FerretDB.

## What each scenario measures

Reads go through [autocannon](https://github.com/mcollina/autocannon): 50 connections, a 2 s
warm-up that is thrown away, then 8 s measured; 3 rounds, the even ones in reverse order, and the
tables show the median of each figure. Throughput counts completed responses per second; p50 and
p99 are exact percentiles of the 2xx latencies (autocannon's own histogram has 1 ms steps). More
than 1% errors (non-2xx, connection errors, timeouts) in any run fails the bench.

1. **baseline**: a bare Fastify server (no Nest, no logging, no validation) whose one route
   returns the exact JSON of a real \`GET /v1/profiles/:id\` response, serialised per request as
   the api does. It is the ceiling for this machine.
2. **profile, cache warm**: \`GET /v1/profiles/:id\` cycling over 8 ids, so after the warm-up
   every read is an in-process LRU hit. _Target: at least 0.4 × the baseline's throughput._
3. **profile, cache off**: the same requests to a second api process started with
   \`CACHE_ENABLED=false\`: MongoDB on every request.
4. **list, first page** and **list, deep**: \`GET /v1/profiles?limit=20\` versus the same with the
   cursor reached by walking \`limit=100\` pages halfway into the collection, seeded through the
   batch route: 100,000 profiles and a cursor 50,000 deep on MongoDB. Keyset pagination should
   make depth free. _Target: deep-page p50 at most 1.5 × first-page p50._
5. **writes**: 10,000 profiles through \`POST /v1/profiles/batch\` (10 requests of 1,000, 2 in
   flight) versus 10,000 single \`POST /v1/profiles\` (16 in flight, through autocannon), fresh
   publicIds each. Each mode and round writes into a fresh database behind a fresh api process
   (indexes synced, 200 + 200 warm-up writes), so both start from the same state. _Target:
   batches at least 10 × faster (profiles per second)._
6. **health/live**: \`GET /health/live\` on the api: no data access, so it shows what the shared
   pipeline (Nest routing, request id, request logging, problem filter) costs against the baseline.

## Reading the figures

- The load generator, the servers under test and the databases share the machine. On 2 cores the
  client takes a large share of the CPU, and the figures move by tens of percent between runs
  when anything else runs: compare ratios within one run, not absolute numbers across runs.
- Locally the MongoDB-compatible server is usually FerretDB v1.24.2 on SQLite. It pushes no
  filter, sort or limit down to SQLite for these queries (the run's notes show the plans), so
  every list request and every batch's \`publicId\` lookup reads the whole collection: about 20 s
  per list request at 100,000 profiles. On FerretDB the bench therefore seeds 5,000 profiles,
  takes the cursor 2,500 deep and loads the lists with 2 connections for 20 s; the list figures
  then measure FerretDB's scan, not Scout's pagination. Point \`MONGODB_URI\` at a MongoDB server
  (e.g. \`MONGODB_URI=mongodb://127.0.0.1:27017 npm run bench\`) for the issue's scale.
- Writes on 2 cores are CPU-bound in both modes, so the batch/single ratio is roughly the ratio
  of CPU spent per profile. Measured with CPU profiles on 2026-11-26 (FerretDB, 10,000 profiles
  into an empty collection): a batch costs about 0.6 ms of api CPU per profile (a third of it
  garbage collection, then Mongoose casting and validating every \`bulkWrite\` document,
  class-validator and class-transformer per item) plus about 1.1 ms of FerretDB CPU (mostly the
  per-batch \`publicId $in\` lookup, a full scan that grows with the collection); a single POST
  costs about 1.3 ms of api CPU (Mongoose document create and save, the Redis cache
  invalidation, validation, the Nest pipeline) plus about 0.8 ms of FerretDB CPU. That caps the
  ratio near 1–2.5× here; 10× needs the batch route's own cost per profile well under 0.2 ms
  (e.g. no Mongoose document per item, a compiled validator) and an indexed lookup (MongoDB).
- A missed target is reported (MISS) but does not fail the command; a broken run (a server that
  does not start, more than 1% errors) exits non-zero.

Knobs for quick local runs (a run with any of them set leaves this file alone):
\`BENCH_ROUNDS\`, \`BENCH_DURATION_S\`, \`BENCH_WARMUP_S\`, \`BENCH_CONNECTIONS\`, \`BENCH_PROFILES\`,
\`BENCH_DEEP\`, \`BENCH_WRITES\`.
`;
