import net from 'node:net';

import mongoose from 'mongoose';

import { provideServices, type ProvidedServices } from '../../scripts/lib/services';
import { dockerEngineWorks } from '../../scripts/lib/compose';
import { which } from '../../scripts/lib/system';

jest.setTimeout(120_000);

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts FerretDB on `backend` the way `npm test` and `npm run up` do (Redis is the test run's,
 * given as REDIS_URL, so only the Mongo side starts), collecting the log lines.
 */
async function startWith(
  backend: string,
): Promise<{ services: ProvidedServices; lines: string[] }> {
  const saved = { ...process.env };
  process.env.SCOUT_FERRETDB_BACKEND = backend;
  process.env.REDIS_URL = process.env.SCOUT_TEST_REDIS_URL;
  delete process.env.MONGODB_URI;
  const lines: string[] = [];
  try {
    const services = await provideServices({ purpose: 'test', log: (line) => lines.push(line) });
    return { services, lines };
  } finally {
    process.env = saved;
  }
}

// The backend only matters where FerretDB is the local server: no Docker engine, no mongod.
const ferretdbIsLocal = async (): Promise<boolean> =>
  !which('mongod') && !(await dockerEngineWorks());

describe('local services: FerretDB backends', () => {
  it.each(['postgresql', 'sqlite'])(
    'the %s backend stores documents, enforces unique indexes and stops every server it started',
    async (backend) => {
      if (!(await ferretdbIsLocal())) return;
      const { services, lines } = await startWith(backend);
      const mongoLine = lines.find((line) => line.startsWith('mongo: ')) ?? '';
      expect(mongoLine).toContain(`FerretDB v1.24.2 (${backend}`);
      const ports = [...mongoLine.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      expect(ports).toHaveLength(backend === 'postgresql' ? 2 : 1);

      const connection = await mongoose
        .createConnection(`${services.mongoUri}/backend_check`)
        .asPromise();
      try {
        const profiles = connection.collection('profiles');
        await profiles.createIndex({ publicId: 1 }, { unique: true });
        await profiles.insertMany(
          Array.from({ length: 500 }, (_, i) => ({ publicId: `p-${i}`, skills: ['go'] })),
        );
        expect(await profiles.findOne({ publicId: 'p-321' })).toMatchObject({ publicId: 'p-321' });
        await expect(profiles.insertOne({ publicId: 'p-1' })).rejects.toMatchObject({
          code: 11000,
        });
      } finally {
        await connection.close();
      }

      await services.stop();
      for (const port of ports) expect(await listening(port)).toBe(false);
    },
  );

  it('refuses an unknown backend, naming the variable and the choices', async () => {
    if (!(await ferretdbIsLocal())) return;
    await expect(startWith('mysql')).rejects.toThrow(
      "SCOUT_FERRETDB_BACKEND must be postgresql or sqlite, not 'mysql'",
    );
  });
});
