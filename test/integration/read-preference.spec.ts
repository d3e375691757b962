import { getConnectionToken } from '@nestjs/mongoose';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { ServerCapabilities } from '@scout/database';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { profileBody, uniquePublicId } from '../support/factories';
import { type ReplicaSetServer, startReplicaSetFerretdb } from '../support/replica-set';
import { uniqueDbName } from '../support/test-env';

jest.setTimeout(90_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies

/**
 * On a replica set, lists (which tolerate a little staleness) go out with
 * `MONGODB_READ_PREFERENCE`, while reads that decide a write — a document by id, the version an
 * `If-Match` is checked against — and every write stay on the primary.
 */
describe('read preference on a replica set', () => {
  let server: ReplicaSetServer;
  let api: ApiHarness;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    server = await startReplicaSetFerretdb();
    api = await startApiHarness(
      {
        MONGODB_URI: `${server.uri}/${uniqueDbName()}?replicaSet=${server.name}`,
        MONGODB_READ_PREFERENCE: 'secondaryPreferred',
        // Command monitoring is on only with a slow-command threshold; it lets the test read
        // what the driver sends.
        SLOW_MONGO_COMMAND_MS: '60000',
        CACHE_ENABLED: 'false',
      },
      { syncIndexes: true },
    );
    api.app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', (event: CommandStartedEvent) => commands.push(event));
  });

  afterAll(async () => {
    await api?.close();
    await server?.stop();
  });

  /** The read preference each command of `name` on `collection` was sent with, since `from`. */
  function preferences(from: number, name: string, collection: string): string[] {
    return commands
      .slice(from)
      .filter((event) => event.commandName === name && event.command[name] === collection)
      .map((event) => (event.command.$readPreference as { mode?: string } | undefined)?.mode)
      .map((mode) => mode ?? 'primary');
  }

  it('sees a replica set, yet knows FerretDB has no transactions', async () => {
    const capabilities = await api.app.get(ServerCapabilities).get();
    expect(capabilities.transactions).toBe(false);
    const topology = api.app.get<Connection>(getConnectionToken()).getClient().options;
    expect(topology.replicaSet).toBe(server.name);
  });

  it('sends list reads with the configured preference and the rest to the primary', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/profiles',
      payload: profileBody({ publicId: uniquePublicId('rs') }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<Json>().id as string;

    let from = commands.length;
    const list = await api.app.inject({ method: 'GET', url: '/v1/profiles?limit=5' });
    expect(list.statusCode).toBe(200);
    expect(list.json<Json>().data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id })]),
    );
    expect(preferences(from, 'find', 'profiles')).toEqual(['secondaryPreferred']);

    from = commands.length;
    expect((await api.app.inject({ method: 'GET', url: '/v1/companies?limit=5' })).statusCode).toBe(
      200,
    );
    expect(preferences(from, 'find', 'companies')).toEqual(['secondaryPreferred']);

    from = commands.length;
    expect((await api.app.inject({ method: 'GET', url: `/v1/profiles/${id}` })).statusCode).toBe(
      200,
    );
    expect(preferences(from, 'find', 'profiles')).toEqual(['primary']);

    from = commands.length;
    const patched = await api.app.inject({
      method: 'PATCH',
      url: `/v1/profiles/${id}`,
      headers: { 'if-match': created.headers.etag as string },
      payload: { headline: 'Read from the primary' },
    });
    expect(patched.statusCode).toBe(200);
    const sent = commands.slice(from).filter((event) => event.command.$readPreference);
    expect(sent.map((event) => event.command.$readPreference)).toEqual(
      sent.map(() => expect.objectContaining({ mode: 'primary' })),
    );
  });
});
