import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/lib/system';
import { launchChromium } from '../support/browser';

jest.setTimeout(120_000);

/** One fenced ```mermaid block of a Markdown file. */
interface DiagramBlock {
  /** Repository-relative path of the Markdown file. */
  file: string;
  /** 1-based position among the file's mermaid blocks. */
  index: number;
  /** Line of the opening fence. */
  line: number;
  source: string;
}

/** What rendering one block in the browser gave: nothing on success, the error otherwise. */
type RenderOutcome = { ok: true; svgLength: number } | { ok: false; error: string };

/** The part of the mermaid browser bundle's global this spec calls. */
interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<unknown>;
  render(id: string, text: string): Promise<{ svg: string }>;
}

const OPENING_FENCE = /^\s*```mermaid\s*$/;
const CLOSING_FENCE = /^\s*```\s*$/;

/**
 * The Markdown whose diagrams readers see: the README, everything under docs/, and each lib's
 * README. Listed from the file system, so a new page is checked without touching this spec.
 */
function markdownFiles(): string[] {
  const files = ['README.md'];
  const docs = path.join(REPO_ROOT, 'docs');
  for (const entry of readdirSync(docs, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.md')) files.push(path.join('docs', entry));
  }
  for (const lib of readdirSync(path.join(REPO_ROOT, 'libs'))) {
    const readme = path.join('libs', lib, 'README.md');
    if (existsSync(path.join(REPO_ROOT, readme))) files.push(readme);
  }
  return files.sort();
}

/** Every mermaid block of `file`, with where it starts, so a failure can point at it. */
function mermaidBlocks(file: string, text: string): DiagramBlock[] {
  const blocks: DiagramBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!OPENING_FENCE.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !CLOSING_FENCE.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: mermaid block is never closed`);
    blocks.push({ file, index: blocks.length + 1, line: start + 1, source: body.join('\n') });
  }
  return blocks;
}

const blocks = markdownFiles().flatMap((file) =>
  mermaidBlocks(file, readFileSync(path.join(REPO_ROOT, file), 'utf8')),
);

describe('mermaid diagrams in the Markdown docs', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => {
      const { mermaid } = globalThis as unknown as { mermaid: MermaidGlobal };
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds the architecture diagrams', () => {
    const architecture = blocks.filter((block) => block.file === 'docs/architecture.md');
    expect(architecture.length).toBeGreaterThanOrEqual(5);
  });

  it.each(
    blocks.map((block): [string, DiagramBlock] => [
      `${block.file} block ${block.index} (line ${block.line})`,
      block,
    ]),
  )('%s parses and renders', async (name, block) => {
    const outcome = await page.evaluate(
      async ({ id, source }): Promise<RenderOutcome> => {
        const { mermaid } = globalThis as unknown as { mermaid: MermaidGlobal };
        try {
          await mermaid.parse(source);
          const { svg } = await mermaid.render(id, source);
          return { ok: true, svgLength: svg.length };
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      },
      { id: `diagram-${block.index}-${block.line}`, source: block.source },
    );
    if (!outcome.ok) throw new Error(`${name}: ${outcome.error}`);
    expect(outcome.svgLength).toBeGreaterThan(0);
  });
});
