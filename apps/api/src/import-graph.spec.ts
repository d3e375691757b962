import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

/** Where `@scout/<lib>` (and the two boot-time subpaths) point, as tsconfig's `paths` say. */
function resolveScout(specifier: string): string | undefined {
  const [, lib, rest] = /^@scout\/([^/]+)(?:\/(.+))?$/.exec(specifier) ?? [];
  if (lib === undefined) return undefined;
  return resolveFile(path.join(ROOT, 'libs', lib, 'src', rest ?? 'index'));
}

function resolveFile(base: string): string | undefined {
  return [`${base}.ts`, path.join(base, 'index.ts')].find((file) => existsSync(file));
}

/** Every source file imported (at run time or for types) by one file, ours only. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const found: string[] = [];
  for (const { fileName } of importedFiles) {
    const target = fileName.startsWith('.')
      ? resolveFile(path.resolve(path.dirname(file), fileName))
      : resolveScout(fileName);
    if (target !== undefined) found.push(target);
  }
  return found;
}

/** Every source file of ours loaded from `entries`, following imports through lib doors. */
function reachedFiles(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file));
  }
  return seen;
}

/** The libs (`@scout/<lib>`) reached from `entries`, following imports through lib doors. */
function reachedLibs(entries: string[]): Set<string> {
  const libs = new Set<string>();
  for (const file of reachedFiles(entries)) {
    const lib = /^libs\/([^/]+)\//.exec(path.relative(ROOT, file))?.[1];
    if (lib !== undefined) libs.add(lib);
  }
  return libs;
}

/** The packages (not ours, not Node's) a file imports by name. */
function packagesOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter(
      (name) => !name.startsWith('.') && !name.startsWith('@scout/') && !name.startsWith('node:'),
    );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
    .map((name) => path.join(ROOT, dir, name));
}

/**
 * The api never loads the page fetcher nor the outbound policies: it neither imports
 * `@scout/scraper` or `@scout/resilience` nor reaches them through another lib's door (webhook
 * delivery is the worker's; the registration check uses the target guard of `@scout/common`),
 * and the job side of scraping stays free of outbound policies. Resilience stays an
 * infrastructure lib with no scraping vocabulary (nor `config.scraping`).
 */
describe('import graph', () => {
  it('keeps @scout/scraper and @scout/resilience out of everything the api loads', () => {
    const reached = reachedLibs(sourceFiles('apps/api/src'));
    // Found through the api's own imports, so the walk does follow lib doors.
    for (const lib of ['scraping', 'webhooks', 'common']) expect(reached).toContain(lib);
    expect(reached).not.toContain('scraper');
    expect(reached).not.toContain('resilience');
  });

  it('keeps the outbound HTTP client (undici) out of everything the api loads', () => {
    const loading = [...reachedFiles(sourceFiles('apps/api/src'))].filter((file) =>
      packagesOf(file).includes('undici'),
    );
    expect(loading.map((file) => path.relative(ROOT, file))).toEqual([]);
  });

  it("keeps libs/webhooks free of the resilience policies (delivery is the worker's)", () => {
    const reached = reachedLibs(sourceFiles('libs/webhooks/src'));
    expect(reached).toContain('common');
    expect(reached).not.toContain('resilience');
    expect(reached).not.toContain('scraper');
  });

  it('keeps libs/scraping free of the scraper and of the resilience policies', () => {
    const reached = reachedLibs(sourceFiles('libs/scraping/src'));
    expect(reached).not.toContain('scraper');
    expect(reached).not.toContain('resilience');
  });

  it('never lets libs/scraper reach libs/scraping (one direction, no cycle)', () => {
    expect(reachedLibs(sourceFiles('libs/scraper/src'))).not.toContain('scraping');
  });

  it('keeps libs/resilience generic: it imports no feature lib and speaks no scraping', () => {
    const reached = reachedLibs(sourceFiles('libs/resilience/src'));
    for (const feature of ['profiles', 'scraping', 'scraper', 'privacy', 'events', 'webhooks']) {
      expect(reached).not.toContain(feature);
    }
    const speaking = readdirSync(path.join(ROOT, 'libs/resilience/src'), { encoding: 'utf8' })
      .filter((name) =>
        /scrap|robots/i.test(readFileSync(path.join(ROOT, 'libs/resilience/src', name), 'utf8')),
      )
      .filter((name) => name.endsWith('.ts'));
    expect(speaking).toEqual([]);
  });

  it('finds an import made only through a lib door', () => {
    const reached = reachedLibs(sourceFiles('apps/worker/src'));
    expect(reached).toContain('scraper');
    expect(reached).toContain('resilience');
  });

  it('finds a package import, so the undici check can fail', () => {
    const loading = [...reachedFiles(sourceFiles('apps/worker/src'))].filter((file) =>
      packagesOf(file).includes('undici'),
    );
    expect(loading.map((file) => path.relative(ROOT, file))).toContain(
      'apps/worker/src/webhooks/webhook-sender.ts',
    );
  });
});
