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

/** The libs (`@scout/<lib>`) reached from `entries`, following imports through lib doors. */
function reachedLibs(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file));
  }
  const libs = new Set<string>();
  for (const file of seen) {
    const lib = /^libs\/([^/]+)\//.exec(path.relative(ROOT, file))?.[1];
    if (lib !== undefined) libs.add(lib);
  }
  return libs;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
    .map((name) => path.join(ROOT, dir, name));
}

/**
 * The api never loads the page fetcher: it neither imports `@scout/scraper` nor reaches it
 * through another lib's door, and the job side of scraping stays free of outbound policies.
 * Resilience stays an infrastructure lib with no scraping vocabulary (nor `config.scraping`).
 */
describe('import graph', () => {
  it('keeps @scout/scraper out of everything the api loads', () => {
    const reached = reachedLibs(sourceFiles('apps/api/src'));
    expect(reached).toContain('scraping');
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
    expect(reachedLibs(sourceFiles('apps/worker/src'))).toContain('scraper');
  });
});
