import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { type AppProcess, freePort, startApp, waitForListening } from '../support/app-process';
import { REPO_ROOT, testEnv } from '../support/test-env';

jest.setTimeout(60_000);

const API = join(REPO_ROOT, 'dist/apps/api/src/main.js');
const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');
const INDEXES = join(REPO_ROOT, 'dist/apps/api/src/db-indexes.js');
const CLI = join(REPO_ROOT, 'dist/apps/api/src/cli.js');

async function readyWithin(port: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
}

/**
 * The compiled output the container image runs (`npm test` builds it before the suites): the
 * index sync, the api and the worker, each as a real process.
 */
describe('built apps (what the image runs)', () => {
  beforeAll(() => {
    if (![API, WORKER, INDEXES, CLI].every((file) => existsSync(file))) {
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    }
  });

  it('db:indexes creates the declared indexes, and a second run changes nothing', async () => {
    const env = testEnv();
    const first = await startApp(env, INDEXES, []);
    expect(await first.exited).toBe(0);
    expect(first.stdout.join('\n')).toMatch(/^profiles: \d+ created, 0 dropped$/m);
    const second = await startApp(env, INDEXES, []);
    expect(await second.exited).toBe(0);
    expect(second.stdout).toEqual(
      expect.arrayContaining(['profiles: 0 created, 0 dropped', 'companies: 0 created, 0 dropped']),
    );
    if (env.FERRETDB_POSTGRESQL_URL) {
      // FerretDB on PostgreSQL: the equality indexes under the tables, made once.
      expect(first.stdout.join('\n')).toMatch(
        /^profiles \(PostgreSQL equality indexes\): [1-9]\d* created, 0 dropped$/m,
      );
      expect(second.stdout).toContain(
        'profiles (PostgreSQL equality indexes): 0 created, 0 dropped',
      );
    }

    const connection = await mongoose.createConnection(env.MONGODB_URI).asPromise();
    try {
      const indexes = await connection.collection('profiles').listIndexes().toArray();
      const keys = indexes.map((i) => JSON.stringify(i.key));
      expect(keys).toEqual(
        expect.arrayContaining(['{"publicId":1}', '{"searchTerms":1,"updatedAt":-1,"_id":-1}']),
      );
    } finally {
      await connection.close();
    }
  });

  it('npm run cli: creates a key (printed once, as JSON) that the built api accepts', async () => {
    const env = testEnv();
    const created = await startApp(
      env,
      CLI,
      [],
      ['api-keys', 'create', '--name', 'built', '--scopes', 'profiles:read', '--json'],
    );
    const [createdCode] = await Promise.all([created.exited, once(created.child, 'close')]);
    expect(createdCode).toBe(0);
    const { key, prefix } = JSON.parse(created.stdout.join('\n')) as {
      key: string;
      prefix: string;
    };
    expect(key).toMatch(new RegExp(`^sk_${prefix}_[0-9A-Za-z]{32}$`));
    const listed = await startApp(env, CLI, [], ['api-keys', 'list']);
    const [listedCode] = await Promise.all([listed.exited, once(listed.child, 'close')]);
    expect(listedCode).toBe(0);
    expect(listed.stdout.join('\n')).toContain(prefix);
    expect(listed.stdout.join('\n')).not.toContain(key);

    const api = await startApp(env, API, []);
    try {
      await waitForListening(api);
      const url = `http://127.0.0.1:${api.port}/v1/profiles`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    } finally {
      await api.stop();
    }
  });

  it('api and worker boot to ready and exit 0 on SIGTERM', async () => {
    const env = testEnv();
    const indexes = await startApp(env, INDEXES, []);
    expect(await indexes.exited).toBe(0);
    const workerPort = await freePort();
    const apps: AppProcess[] = [
      await startApp(env, API, []),
      await startApp({ ...env, WORKER_PORT: String(workerPort) }, WORKER, []),
    ];
    try {
      await waitForListening(apps[0]);
      expect(await readyWithin(apps[0].port)).toBe(200);
      expect(await readyWithin(workerPort)).toBe(200);
      const startup = await fetch(`http://127.0.0.1:${apps[0].port}/health/startup`);
      expect(startup.status).toBe(200);
      for (const app of apps) app.child.kill('SIGTERM');
      expect(await Promise.all(apps.map((a) => a.exited))).toEqual([0, 0]);
    } finally {
      await Promise.all(apps.map((a) => a.stop()));
    }
  });
});
