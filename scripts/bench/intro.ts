/**
 * The hand-written top of docs/benchmarks.md, used only when the file (or its results markers) is
 * missing: after that the bench rewrites just the results section, and this part is edited by
 * hand in the doc (keep the two in step).
 */
export const DOC_INTRO = `# Benchmarks

\`npm run bench\` measures the api against a bare Fastify server on the same machine, and Scout's
scraping pipeline against bare BullMQ, in one run, and rewrites the results section of this
file. It needs nothing beyond what \`npm test\` needs: it starts throwaway MongoDB-compatible and
Redis servers (see [local services](local-services.md)), builds the apps, runs the index sync
(\`db-indexes.js\`), creates an API key with the CLI and starts the **built** api
(\`dist/apps/api/src/main.js\`) and worker (\`dist/apps/worker/src/main.js\`) with
\`NODE_ENV=production\`, as production does. All traffic stays on 127.0.0.1, every load run is
bounded in time or count, and every child process is stopped at the end, on failure and on
Ctrl-C. On 2 cores with FerretDB the run below took 8.5 minutes (8 m 38 s for \`npm run bench\`
with the build) with the machine to itself; runs that share the cores with other work take
longer (the results say how much other work there was).

## What each scenario measures

Reads go through [autocannon](https://github.com/mcollina/autocannon): 50 connections, a 2 s
warm-up that is thrown away, then 8 s measured; 3 rounds, the even ones in reverse order, and the
tables show the median of each figure. Throughput counts completed responses per second; p50 and
p99 are exact percentiles of the 2xx latencies (autocannon's own histogram has 1 ms steps). More
than 1% errors (non-2xx, connection errors, timeouts) in any run fails the bench.

Every \`/v1\` route needs an API key. Before an api serves a database, the bench creates one admin
key in it with the built CLI (\`node dist/apps/api/src/cli.js api-keys create --name bench
--scopes admin --json\`, with the api's environment and a random \`API_KEY_SECRET\`), and every
\`/v1\` request carries \`Authorization: Bearer <key>\`. The baseline's requests carry the same
header (it ignores it), so both servers parse the same bytes; probes carry none.

The calls around the load go through Scout's SDK, \`@scout/client\`, as Scout's users make them:
seeding (\`POST /v1/profiles/batch\`), the cursor walk to the deep page, creating companies,
enqueuing scrape batches, listing jobs and warming caches (\`scoutClient\` in
\`scripts/bench/http.ts\`: loopback only, a timeout per request). The measured load itself stays
with autocannon, which sends prepared requests without parsing answers, so the figures are
Scout's and not the SDK's; the baseline check reads the exact bytes of one answer, so it stays a
raw request too.

1. **baseline**: a bare Fastify server (no Nest, no logging, no validation, no auth) whose one
   route returns the exact JSON of a real \`GET /v1/profiles/:id\` response, serialised per request
   as the api does. It is the ceiling for this machine.
2. **profile, cache warm**: \`GET /v1/profiles/:id\` cycling over 8 ids, so after the warm-up
   every read is an in-process LRU hit (and so is the key lookup: an HMAC and a map read).
   _Target: at least 0.4 × the baseline's throughput._
3. **profile, cache off**: the same requests to a second api process started with
   \`CACHE_ENABLED=false\`: MongoDB on every request, for the profile and for the API key.
4. **list, first page** and **list, deep**: \`GET /v1/profiles?limit=20\` versus the same with the
   cursor reached by walking \`limit=100\` pages halfway into the collection, seeded through the
   batch route: 100,000 profiles and a cursor 50,000 deep on MongoDB. Keyset pagination should
   make depth free. _Target: deep-page p50 at most 1.5 × first-page p50._
5. **writes** (\`BENCH_PART=writes\` runs only this): 10,000 profiles created through
   \`POST /v1/profiles/batch\` (10 requests of 1,000, 2 in flight) versus 10,000 single
   \`POST /v1/profiles\` (16 in flight, through autocannon), fresh publicIds each; then the same
   profiles changed (a new headline each) through the batch route again (every item \`updated\`)
   versus 10,000 single \`PATCH /v1/profiles/:id\`. Each mode and round writes into a fresh
   database behind a fresh api process (indexes synced, a key created, 200 + 200 warm-up
   writes), so both start from the same state. The api's and the database server's CPU seconds
   during each phase (from \`/proc\`) are given per profile in the notes. On FerretDB each mode
   writes 2,000 profiles (2 batches): its PostgreSQL backend answers every update statement and
   every change event's commit with a scan of the table, so a write costs more the more were
   written before it, and 10,000 per mode took about 20 minutes a round.
   _Target: batches at least 10 × faster (profiles per second), for creates and for updates._
6. **health/live**: \`GET /health/live\` on the api: no data access, so it shows what the shared
   pipeline (Nest routing, request id, request logging, problem filter) costs against the baseline.
7. **scraping**, after the read and write servers are stopped, with the worker concurrency of
   Scout's worker (\`queue.concurrency\` from \`config/\`, 4; the worker gets it as
   \`WORKER_CONCURRENCY\`) and Redis database 1 of the same Redis server:
   - **(a) bare BullMQ**: a \`bullmq\` Queue and Worker in the bench process, a no-op processor,
     5,000 jobs added with \`addBulk\` in chunks of 1,000 (completed jobs trimmed to 1,000 as Scout
     trims them), timed from the first add to the last \`completed\` event; 3 rounds, median.
   - **(b) Scout end to end**: the fake profile site (\`test/fixtures/fake-site\`, no latency) in
     the bench process, a fresh database (indexes synced, a key created, the site's 40 companies
     created through \`POST /v1/companies\`), the built api and the built worker with the api's
     environment plus \`WORKER_PORT\`, \`SCRAPER_BASE_URL=<site>\`, \`SCRAPER_RATE_PER_MINUTE=100000\`
     (the highest the config accepts; the run stays far below it, and the bench checks that no
     job was deferred) and a queue prefix of its own. The bench posts the publicIds to
     \`POST /v1/scrape-jobs/batch\` (1,000 per request) and polls Redis once a second until the
     queue is empty, failing at once if a job lands in BullMQ's failed set; then it confirms
     through the API that nothing is queued or running, walks
     \`GET /v1/scrape-jobs?status=succeeded\` and demands every job there. The time runs from the
     first POST to the latest \`finishedAt\`. 5,000 profiles on MongoDB, 500 on FerretDB (see
     below).
   - **(c) faults**: a second fresh database, api and worker; the site answers 20% of profile
     requests with 503 (\`setFault('*', { status: 503, rate: 0.2 })\`); 1,000 new profiles on
     MongoDB, 500 on FerretDB. _Target: every job ends \`succeeded\`, and the site sees at most
     1.35 requests per job._ With in-process retries (3 attempts) a job needs 1.25 requests on
     average; a job whose three attempts all fail (0.8%) goes back to the queue with backoff.
   - **(d) the floor of a job**: a process of its own fetches (b)'s pages from the fake site
     and parses each with Scout's parser (\`scripts/bench/bare-scrape.ts\`), at (b)'s concurrency,
     with no queue, database or policies. The report sets (b)'s worker CPU per job against this
     loop's CPU per page (target: at most 2×), gives the database server's CPU per job apart, and
     counts the worker's database round trips per job (target: at most 3): (b)'s worker reaches
     the database through a relay in the bench that counts MongoDB wire-protocol requests, each
     one command and one round trip (the driver's monitoring \`hello\`s are included, a few per
     minute).
8. **compression**: \`GET /v1/profiles?limit=100\` (the largest page) from a database of
   its own holding just those 100 profiles, by clients sending \`accept-encoding: br, gzip\`
   and by clients sending none, same connections and rounds as the reads; the notes give
   bytes per response and the throughput ratio. Rate limits are on in every api of the bench
   (one Redis round trip per \`/v1\` request), with limits no scenario reaches.
9. **telemetry**: the cached \`GET /v1/profiles/:id\` against three apis over one database of
   its own: one with every telemetry path off (\`METRICS_PORT=0\`, no
   \`OTEL_EXPORTER_OTLP_ENDPOINT\`, so the tracing SDK is never loaded) and one with Prometheus
   metrics on and every request traced (\`TRACING_SAMPLE_RATIO=1\`) and exported over OTLP/HTTP
   to a sink in the bench process that discards what it gets, and a third with 1% of requests
   traced (\`TRACING_SAMPLE_RATIO=0.01\`: the instrumentation's cost on every request).
   Alternating rounds, same connections as the reads; the notes give the throughput ratios.
### Where the scraping time goes: method

Nothing is added to production code. (b)'s worker runs under \`node --cpu-prof\`; after (b) the
bench stops it (the profile is written on exit), keeps the samples between the first POST and
the last \`finishedAt\` (V8 stamps samples with the system's monotonic clock, the bench's
\`process.hrtime\`), and charges each sample to the innermost frame of its stack that belongs to a
category, so Node's socket, stream and buffer code counts for whoever called it:

- **fetch**: Node's fetch (undici), \`node:http\`, Scout's \`HttpProfileSource\`;
- **parse**: cheerio, htmlparser2, parse5 and their helpers, the JSON-LD and HTML readers,
  \`normalize\`;
- **write**: mongoose, the MongoDB driver, bson, \`libs/profiles\`, \`libs/database\`, the
  scrape_jobs repository;
- **queue**: bullmq, ioredis, msgpackr: the queue and every other Redis call (document locks,
  rate limit, breaker, cache invalidation);
- the rest: logging (pino), other JS (Nest, rxjs, the resilience policies), GC, native.

The bench also reads every child process's CPU time from \`/proc/<pid>/stat\` before and after
(b). On 2 cores the pipeline is CPU-bound, so CPU seconds are where the time goes: the table
"Where the CPU of (b) went" charges the database server's CPU to write, Redis's to queue, the
api's to enqueueing, and splits the worker's by its profile's shares. The profiler's own cost
lands on the worker, which is not the bottleneck (it uses well under a core).

## Reading the figures

- The load generator, the servers under test and the databases share the machine. On 2 cores the
  client takes a large share of the CPU, and the figures move by tens of percent between runs
  when anything else runs: compare ratios within one run, not absolute numbers across runs.
  The machine facts give the load average at the start and the CPU that processes outside the
  bench took during the run (from \`/proc\`): anything but a few percent means other work shared
  the cores, and the run took longer than on an idle machine.
- Locally the MongoDB-compatible server is usually FerretDB v1.24.2, on PostgreSQL by default or
  on SQLite (see [local services](local-services.md)). It pushes no sort or limit down on either
  backend, and on SQLite no filter either, for these queries (the run's notes show the plans), so
  every list request and every batch's \`publicId\` lookup reads the whole collection: about 20 s
  per list request at 100,000 profiles. On FerretDB the bench therefore seeds 5,000 profiles,
  takes the cursor 2,500 deep and loads the lists with 2 connections for 20 s; the list figures
  then measure FerretDB's scan, not Scout's pagination. Point \`MONGODB_URI\` at a MongoDB server
  (e.g. \`MONGODB_URI=mongodb://127.0.0.1:27017 npm run bench\`) for the issue's scale.
- Writes on 2 cores are CPU-bound in both modes, so the batch/single ratio is roughly the ratio
  of CPU spent per profile; the notes give the api's and the database server's CPU per profile
  for each phase (from \`/proc\`), which stays meaningful when other work shares the machine and
  wall times do not. The batch route writes plain documents: every item is checked against the
  profile schema's rules compiled once (\`compileValidator\` in libs/database; a unit test holds
  it to Mongoose's own validation), sent through the driver without a Mongoose document per
  item, in as few commands as the server takes (\`BulkWriter\`, see
  [local services](local-services.md)). One \`publicId $in\` query per batch finds the existing
  items and their content hashes; unchanged items are not written at all.
- Measured on 2026-12-06 on FerretDB with
  \`BENCH_PART=writes BENCH_WRITES=1000 BENCH_ROUNDS=1 npm run bench\`
  (2,000 for the earlier code), on a machine shared with other work (load
  average about 15 on 2 cores, so only the CPU figures compare): a batch create cost 1.05–1.12
  ms of api CPU per profile before (Mongoose casting and validating a document per item in
  \`bulkWrite\`) and 0.57 ms after; FerretDB took 0.47–0.48 ms per profile either way (the insert
  and the batch's one lookup, a full scan). A single POST costs about 1.3 ms of api CPU plus
  0.8 ms of FerretDB CPU (2026-11-26 profiles), so creates reach about 2 × on FerretDB, and 10 ×
  is out of reach there: FerretDB's own 0.48 ms per batched profile is already more than a tenth
  of a single POST's 2.1 ms. Most of the api's remaining 0.57 ms is class-validator and
  class-transformer checking each item in the controller (about 0.5 ms per item measured in
  isolation).
- Batch updates on FerretDB cost what FerretDB's update costs: 63 ms of FerretDB CPU per
  changed profile in a collection of 1,400 (31 ms at 400–600), because on SQLite every update
  statement scans the collection, even by \`_id\` (its \`_id\` index is not used), so the cost grows
  with the collection. A single \`PATCH\` reads the profile more than once and then updates it
  conditionally: 218 ms of FerretDB CPU and 10.9 ms of api CPU per profile at 400 profiles,
  against 31 ms and 1.9 ms for a batch item (\`BENCH_WRITES=100\`, same run). So batch updates
  came out 5.3 × faster than PATCHes at 100 profiles, and about 7 × at 200 (the PATCHes did not
  all finish within the bench's limit, 131 of 200 in 130 s, against 200 batch updates in 27 s);
  the rest of the gap to 10 × is FerretDB's per-statement scan. Before, a batch of more than
  about 55 changed profiles froze FerretDB (see local services), so the update phase could not
  be measured at all. On MongoDB every one of these is an index seek.
- Scraping on FerretDB measures FerretDB. Every job looks its profile up by \`publicId\`
  (\`findOne\`), which FerretDB answers by scanning the whole profiles collection (no pushdown on
  SQLite), so a job costs more the more jobs ran before it, the database server takes 80–90% of
  all CPU, and every other command of the job waits behind those scans. MongoDB
  command timings taken once on 2026-11-26 (a one-off \`--require\` hook on the worker's driver,
  800 jobs, 4 in flight, FerretDB; queueing included): \`find profiles {publicId}\` 371 ms on
  average, \`findAndModify scrape_jobs {_id,status}\` 182 ms (two per job),
  \`update profiles {_id}\` 56 ms, the company upsert 36 ms, \`find scrape_jobs {_id}\` 17 ms (two
  per job), \`insert profiles\` 14 ms. On an idle FerretDB with 5,000 profiles one
  \`findOne({publicId})\` takes about 150 ms against 1 ms by \`_id\`, and the batch route's
  \`updateMany({publicId: {$in: [1,000 ids]}})\` about 4 s. 5,000 jobs would take hours and 1,000
  took 6.5–10 minutes (two runs on 2026-11-26, with other work on the machine), so on FerretDB
  (b) runs 500 jobs and (c) 500, to keep the whole bench near 15 minutes; the report gives (b)'s
  rate over its first and last fifth to show the growth. On MongoDB these are index seeks.
- Scenario 3 (cache off) is unstable on FerretDB, and not because of the API keys (with the
  cache off every request also reads its key from MongoDB, a small cost next to the profile
  read). Measured in isolation on 2026-11-26 with keys, 5,000 profiles and the same code:
  600–1,400 req/s when the uncached api first reads right after the seeding, 70–115 req/s when
  it first reads after the cursor walk (as in the bench), with FerretDB then spending about
  15 ms of CPU per \`find profiles {_id}\`. It is FerretDB's state, not Scout's work: compare this
  scenario only on MongoDB.
- The fake site's companies are created before (b) and (c): on FerretDB, two jobs that meet a
  new company at once lose company inserts (the worker's unordered \`bulkWrite\` upsert stops at
  the duplicate key there, which MongoDB does not), and the job fails with
  \`PARSE_ERROR Unknown company\`. With every company known, (b) and (c) measure the steady state.
- A missed target is reported (MISS) but does not fail the command; a broken run (a server that
  does not start, more than 1% errors, a scrape in (b) that fails) exits non-zero.

Knobs for quick local runs (a run with any of them set leaves this file alone):
\`BENCH_ROUNDS\`, \`BENCH_DURATION_S\`, \`BENCH_WARMUP_S\`, \`BENCH_CONNECTIONS\`, \`BENCH_PROFILES\`,
\`BENCH_DEEP\`, \`BENCH_WRITES\`, \`BENCH_RAW_JOBS\`, \`BENCH_SCRAPE_JOBS\`, \`BENCH_FAULT_JOBS\`,
\`BENCH_SCALE_JOBS\`, and \`BENCH_PART=http\`, \`writes\`, \`compression\`, \`telemetry\`, \`scrape\`,
\`growth\`, \`soak\`, \`webhooks\`, \`erasure\` or \`scale\` to run one part only.

The growth part (run last, or alone with \`BENCH_PART=growth\`, which rewrites only its own
section at the end of this file) measures Scout at 1,000, 10,000 and 100,000 profiles on the
default engine; \`BENCH_GROWTH_SIZES=1000,10000\` picks other sizes (and leaves this file alone).

## Running against MongoDB

Locally the bench and the tests get FerretDB unless told otherwise, and FerretDB uses no index
at all, so index work can only be judged on MongoDB. Point \`MONGODB_URI\` at a MongoDB server
(without a database name or query string: the bench and the tests append \`/<database>\`; see
[local services](local-services.md)); Redis is still provided as usual.

- **Standalone** \`mongod\`:

  \`\`\`sh
  mongod --dbpath /tmp/scout-mongo --bind_ip 127.0.0.1 --port 27017
  MONGODB_URI=mongodb://127.0.0.1:27017 npm run bench
  MONGODB_URI=mongodb://127.0.0.1:27017 npx jest test/integration/query-shapes.spec.ts
  \`\`\`

- **Replica set** (what production runs; Scout then uses multi-document transactions):

  \`\`\`sh
  mongod --replSet rs0 --dbpath /tmp/scout-rs0 --bind_ip 127.0.0.1 --port 27017
  mongosh --quiet --eval 'rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "127.0.0.1:27017" }] })'
  MONGODB_URI=mongodb://127.0.0.1:27017 npm run bench
  MONGODB_URI=mongodb://127.0.0.1:27017 npx jest test/integration/query-shapes.spec.ts
  \`\`\`

  The set name is not part of the URI (\`?replicaSet=rs0\` cannot follow the server here, since
  \`/<database>\` is appended after it): the driver asks the member it is given and discovers the
  set and its primary from the answer, so the members must be reachable under the names in the
  set's configuration (\`127.0.0.1:27017\` above; for the compose set, which names itself
  \`mongo:27017\`, only from inside the compose network). A seed list works the same way:
  \`MONGODB_URI=mongodb://127.0.0.1:27017,127.0.0.1:27018,127.0.0.1:27019\`. The api logs
  \`server capabilities\` with \`transactions: true\` when it found the set.

\`BENCH_PART=http\` runs the read and write scenarios only, which is where indexes show.

### Proving every query is index-served

Each repository declares the shape of every query it sends (\`query-shapes.ts\` beside it:
equality fields, then sort keys, then ranges, the ESR order), the index that serves it, and
realistic example values.

- \`npx jest query-shapes --selectProjects unit\` needs no server: it reads the indexes the
  Mongoose schemas declare (\`schema.indexes()\`) and fails when a shape's index is not declared
  or does not serve the shape in ESR order, or when a declared index serves no shape (an index
  kept only as a constraint would be listed as exempt, with its reason).
- \`test/integration/query-shapes-sent.spec.ts\` runs on any server, FerretDB included: it drives
  every repository method through the services with the driver's command monitoring on and
  fails when a filter or sort that Scout actually sent is not one of the declared shapes (a new
  filter field, another sort), or when a declared shape is never sent.
- \`test/integration/query-shapes.spec.ts\` runs on MongoDB only: it seeds a few thousand documents
  shaped like Scout's, turns the server's \`notablescan\` parameter on (\`setParameter\`, server-wide,
  for the few seconds of the check; the user needs the \`setParameter\` privilege, e.g. \`root\` or
  \`hostManager\`), and for every example asserts that \`explain\` picks an index scan, that the
  query runs (a collection scan would be refused), and that a shape whose sort the index holds
  has no in-memory \`SORT\` stage. On FerretDB it prints one line saying it skipped the check and
  why, and passes.

Search (\`q\`) is the one shape that sorts in memory on purpose: a name or headline prefix is a
range on \`searchTerms\`, and seeking the few matching terms then sorting the page costs less than
walking every term in sort order; its declaration says so.
`;
