import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describeRun, lastLines, onProcessExit, run } from './processes';
import { which } from './system';

/** The FerretDB release Scout runs tests against when no MongoDB is available. */
export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;

/**
 * Where the FerretDB binary is cached: per user and outside any clone, keyed by version, so every
 * clone on the machine (CI's fresh one too) builds it only once.
 */
export function ferretdbCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'scout', `ferretdb-${FERRETDB_VERSION}`);
}

async function reportsVersion(binary: string): Promise<boolean> {
  const result = await run(binary, ['--version'], { cwd: os.tmpdir(), timeoutMs: 10_000 });
  return result.code === 0 && result.stdout.includes(`version: ${FERRETDB_VERSION}`);
}

/** Adds owner write permission below `dir` (Go's module cache is read-only). */
function makeWritable(dir: string): void {
  fs.chmodSync(dir, fs.statSync(dir).mode | 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode | 0o200);
  }
}

/**
 * Returns the path of a working FerretDB binary, building it once (~1 min) when the cache has none.
 * A plain `go install …@v1.24.2` panics at start because the module ships no
 * build/version/version.txt, so we build from a writable copy of the module with that file added.
 */
export async function ensureFerretdb(log: (line: string) => void): Promise<string> {
  const cacheDir = ferretdbCacheDir();
  const binary = path.join(cacheDir, 'ferretdb');
  if (fs.existsSync(binary)) {
    if (await reportsVersion(binary)) return binary;
    log(`mongo: ${binary} does not report ${FERRETDB_VERSION}; building it again`);
  }
  const go = which('go');
  if (!go) {
    throw new Error(
      `FerretDB ${FERRETDB_VERSION} is not built yet (${binary}) and Go is not installed.\n` +
        'Install Go >= 1.24 (https://go.dev/dl/) so it can be built once, or install mongod, ' +
        'or set MONGODB_URI to a running MongoDB.',
    );
  }
  log(`mongo: building FerretDB ${FERRETDB_VERSION} once into ${cacheDir}, ~1 min`);
  const started = Date.now();
  const env = { ...process.env, GOWORK: 'off' };
  const moduleAtVersion = `${FERRETDB_MODULE}@${FERRETDB_VERSION}`;
  const download = await run(go, ['mod', 'download', '-json', moduleAtVersion], {
    cwd: os.tmpdir(),
    env,
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
  });
  let moduleDir: unknown;
  try {
    moduleDir = (JSON.parse(download.stdout) as { Dir?: unknown }).Dir;
  } catch {
    moduleDir = undefined;
  }
  if (download.code !== 0 || typeof moduleDir !== 'string') {
    throw new Error(
      describeRun(`go mod download ${moduleAtVersion}`, download, DOWNLOAD_TIMEOUT_MS),
    );
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scout-ferretdb-build-'));
  // A unique name, renamed into place at the end: concurrent or aborted builds never leave half a binary.
  const partial = path.join(
    cacheDir,
    `ferretdb.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const removeLeftovers = (): void => {
    fs.rmSync(partial, { force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  const unregister = onProcessExit(removeLeftovers);
  try {
    const source = path.join(workDir, 'src');
    fs.cpSync(moduleDir, source, { recursive: true });
    makeWritable(source);
    fs.mkdirSync(path.join(source, 'build', 'version'), { recursive: true });
    fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    fs.mkdirSync(cacheDir, { recursive: true });
    const build = await run(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: source,
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
    });
    if (build.code !== 0) {
      throw new Error(
        describeRun(`go build of FerretDB ${FERRETDB_VERSION}`, build, BUILD_TIMEOUT_MS),
      );
    }
    if (!(await reportsVersion(partial))) {
      const version = await run(partial, ['--version'], { cwd: os.tmpdir(), timeoutMs: 10_000 });
      throw new Error(
        `the FerretDB build does not report ${FERRETDB_VERSION}:\n` +
          lastLines(`${version.stdout}\n${version.stderr}`),
      );
    }
    fs.renameSync(partial, binary);
  } finally {
    unregister();
    removeLeftovers();
  }
  log(
    `mongo: built FerretDB ${FERRETDB_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return binary;
}
