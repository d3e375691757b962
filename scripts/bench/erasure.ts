// The erasure part (`BENCH_PART=erasure npm run bench`): how long `POST /v1/erasure-requests`
// takes for one person with 100 history entries (100 patches) and 50 scrape jobs (records and
// BullMQ jobs), against the built api in production settings, next to 1,000 other profiles that
// the searches of the erasure read too. Each patch records a history entry (a change event).
import { Queue } from 'bullmq';
import mongoose, { Types } from 'mongoose';
import { requestJson } from './http';
import { fmt, median } from './report';
import { redisConnection } from './support/scrape-queue';
import {
  type ApiTarget,
  prepareDatabase,
  requestTimeoutEnv,
  startApi,
  stopServer,
} from './servers';

/** What the erasure part measured, per person erased. */
export interface ErasureRound {
  publicId: string;
  patches: number;
  jobs: number;
  ms: number;
  removed: Record<string, number>;
}

const PATCHES = 100;
const JOBS = 50;
const OTHERS = 1_000;
const ROUNDS = 3;
/** The queue prefix the bench's apis run with (QUEUE_PREFIX's default). */
const QUEUE_PREFIX = '{scout}:bull';

/** Runs the erasure part and prints one line per round and the median. */
export async function runErasureBench(
  base: ApiTarget,
  baseUri: string,
  say: (line: string) => void,
): Promise<ErasureRound[]> {
  const target = { ...base, mongoUri: `${baseUri}/scout_bench_erasure` };
  const { apiKey } = await prepareDatabase(target);
  const api = await startApi('api-erasure', target, apiKey, requestTimeoutEnv(0));
  const connection = await mongoose.createConnection(target.mongoUri).asPromise();
  const queue = new Queue('scrape', {
    connection: redisConnection(target.redisUrl),
    prefix: QUEUE_PREFIX,
  });
  const v1 = `${api.url}/v1`;
  try {
    await requestJson(`${v1}/profiles/batch`, 200, {
      method: 'POST',
      apiKey,
      body: {
        profiles: Array.from({ length: OTHERS }, (_, i) => person(`bench-erasure-other-${i}`)),
      },
    });
    const rounds: ErasureRound[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const publicId = `bench-erasure-person-${round}`;
      const { id } = await requestJson<{ id: string }>(`${v1}/profiles`, 201, {
        method: 'POST',
        apiKey,
        body: person(publicId),
      });
      for (let i = 0; i < PATCHES; i++) {
        await requestJson(`${v1}/profiles/${id}`, 200, {
          method: 'PATCH',
          apiKey,
          body: { headline: `Headline number ${i}` },
        });
      }
      await addJobs(connection, queue, publicId, id);
      await requestJson(`${v1}/profiles/${publicId}`, 200, { apiKey });
      const started = performance.now();
      const receipt = await requestJson<{ removed: Record<string, number> }>(
        `${v1}/erasure-requests`,
        201,
        { method: 'POST', apiKey, body: { profile: id } },
      );
      const ms = performance.now() - started;
      rounds.push({ publicId, patches: PATCHES, jobs: JOBS, ms, removed: receipt.removed });
      say(
        `erasure round ${round}: ${fmt(ms, 0)} ms; removed ${Object.entries(receipt.removed)
          .map(([store, n]) => `${store} ${n}`)
          .join(', ')}`,
      );
    }
    say(
      `erasure: median ${fmt(median(rounds.map((r) => r.ms)), 0)} ms for a person with ` +
        `${PATCHES} patches and ${JOBS} scrape jobs, next to ${fmt(OTHERS, 0)} other profiles`,
    );
    return rounds;
  } finally {
    await queue.close();
    await connection.close();
    await stopServer(api);
  }
}

function person(publicId: string): Record<string, unknown> {
  return {
    publicId,
    fullName: 'Bench Person',
    headline: 'Engineer',
    location: { city: 'Berlin', country: 'DE' },
    skills: ['typescript', 'go'],
  };
}

/**
 * 50 finished scrape jobs of the person: records as the runner leaves them, and their entries in
 * the scrape queue (waiting: the bench runs no worker), as a person scraped for months has.
 */
async function addJobs(
  connection: mongoose.Connection,
  queue: Queue,
  publicId: string,
  profileId: string,
): Promise<void> {
  const url = `http://127.0.0.1:9/in/${publicId}`;
  const now = new Date();
  const jobs = Array.from({ length: JOBS }, () => {
    const _id = new Types.ObjectId();
    return {
      _id,
      target: { publicId, url },
      activeKey: _id.toHexString(),
      status: 'succeeded',
      priority: 'low',
      attempts: 1,
      result: { profileId, changed: false },
      requestedBy: 'scheduler',
      transitions: [{ status: 'succeeded', at: now }],
      createdAt: now,
      updatedAt: now,
      finishedAt: now,
    };
  });
  await connection.collection('scrape_jobs').insertMany(jobs);
  await queue.addBulk(
    jobs.map((job) => ({
      name: 'scrape-profile',
      data: { scrapeJobId: job._id.toHexString(), publicId, url },
      opts: { jobId: job._id.toHexString() },
    })),
  );
}
