import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretdb } from '../../scripts/lib/ferretdb';
import { Child } from '../../scripts/lib/processes';
import { freePort, mongoAnswers, waitUntilReady } from '../../scripts/lib/readiness';

/** A MongoDB-compatible server that presents itself as a one-member replica set. */
export interface ReplicaSetServer {
  /** Base URI without a database; append `/<db>?replicaSet=<name>`. */
  uri: string;
  name: string;
  stop(): Promise<void>;
}

/**
 * FerretDB started with `--repl-set-name`: it answers `hello` with the set's name and itself as
 * primary, so the driver sees a replica-set topology and sends a read preference other than
 * `primary` with each read, as it would to a real set. No secondary exists, so every read still
 * lands on the one member: what this proves is which reads ask for which preference. SQLite in a
 * temp directory, so the suite owns every byte of it.
 */
export async function startReplicaSetFerretdb(name = 'rs0'): Promise<ReplicaSetServer> {
  const binary = await ensureFerretdb(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'scout-rs-'));
  const port = await freePort();
  const child = new Child({
    name: 'FerretDB (replica set)',
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      `--repl-set-name=${name}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    cwd: dir,
    background: true,
  });
  const stop = async () => {
    await child.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady({
      label: `FerretDB (replica set ${name}) on 127.0.0.1:${port}`,
      probe: () => mongoAnswers(port),
      timeoutMs: 30_000,
      child,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri: `mongodb://127.0.0.1:${port}`, name, stop };
}
