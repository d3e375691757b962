import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The map of how the libs import each other (docs/architecture.md) is checked against the code:
 * a new import that the picture does not show, or an arrow the code no longer has, fails here,
 * and so does any cycle or an infrastructure lib reaching up into the libs built on it.
 */

const ROOT = join(__dirname, '..', '..');
const LIBS = join(ROOT, 'libs');
/** Used by every lib and left out of the picture on purpose (the doc says so). */
const AMBIENT = new Set(['config', 'common']);
/** The generated API client: a package for Scout's users, imported by no lib. */
const OUTSIDE_THE_GRAPH = new Set(['client']);
const SECTION = '### How the libs import each other';
/** Lower layers never import higher ones. */
const LAYER_ORDER = ['infra', 'apiEdge', 'feature'];

type Edge = `${string} -> ${string}`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function scoutImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '@scout\/([a-z-]+)(?:\/[a-z-]+)?'/g)].map((m) => m[1]);
}

function actualEdges(): Set<Edge> {
  const edges = new Set<Edge>();
  for (const lib of readdirSync(LIBS)) {
    if (AMBIENT.has(lib) || OUTSIDE_THE_GRAPH.has(lib)) continue;
    for (const file of sourceFiles(join(LIBS, lib, 'src'))) {
      for (const target of scoutImports(file)) {
        if (target !== lib && !AMBIENT.has(target)) edges.add(`${lib} -> ${target}`);
      }
    }
  }
  return edges;
}

interface DocumentedGraph {
  edges: Set<Edge>;
  layerOf: Map<string, string>;
}

/** Reads the flowchart under {@link SECTION}: node ids with labels, subgraphs, arrows. */
function documentedGraph(): DocumentedGraph {
  const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf(SECTION));
  const block = /```mermaid\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const labels = new Map<string, string>();
  const layerOf = new Map<string, string>();
  const edges = new Set<Edge>();
  let layer: string | undefined;
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    const subgraph = /^subgraph (\w+)/.exec(line);
    if (subgraph) layer = subgraph[1];
    else if (line === 'end') layer = undefined;
    const node = /^(\w+)(?:\["([a-z-]+)"\])?$/.exec(line);
    if (node && layer) {
      const name = node[2] ?? node[1];
      labels.set(node[1], name);
      layerOf.set(name, layer);
    }
    const arrow = /^(\w+) --> (\w+)$/.exec(line);
    if (arrow) {
      const from = labels.get(arrow[1]) ?? arrow[1];
      const to = labels.get(arrow[2]) ?? arrow[2];
      edges.add(`${from} -> ${to}`);
    }
  }
  return { edges, layerOf };
}

function findCycle(edges: Set<Edge>): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ');
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (lib: string): string[] | null => {
    if (state.get(lib) === 'done') return null;
    if (state.get(lib) === 'visiting') return [...path.slice(path.indexOf(lib)), lib];
    state.set(lib, 'visiting');
    path.push(lib);
    for (const to of next.get(lib) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(lib, 'done');
    return null;
  };
  for (const lib of next.keys()) {
    const cycle = visit(lib);
    if (cycle) return cycle;
  }
  return null;
}

describe('the lib import graph', () => {
  const actual = actualEdges();
  const documented = documentedGraph();

  it('is read from the code and from the doc (the parsers found something)', () => {
    expect(actual.size).toBeGreaterThan(10);
    expect(documented.edges.size).toBeGreaterThan(10);
  });

  it('places every lib in one layer of the picture', () => {
    const libs = readdirSync(LIBS).filter((l) => !AMBIENT.has(l) && !OUTSIDE_THE_GRAPH.has(l));
    expect(libs.filter((lib) => !documented.layerOf.has(lib))).toEqual([]);
  });

  it('is drawn as the code has it: no missing arrow, no stale one', () => {
    expect([...actual].filter((e) => !documented.edges.has(e)).sort()).toEqual([]);
    expect([...documented.edges].filter((e) => !actual.has(e)).sort()).toEqual([]);
  });

  it('has no cycle', () => {
    expect(findCycle(actual)).toBeNull();
  });

  it('never points from a lower layer to a higher one', () => {
    const rank = (lib: string) => LAYER_ORDER.indexOf(documented.layerOf.get(lib) ?? '');
    const upward = [...actual].filter((edge) => {
      const [from, to] = edge.split(' -> ');
      return rank(to) > rank(from);
    });
    expect(upward).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    expect(findCycle(new Set<Edge>(['a -> b', 'b -> c', 'c -> a']))).toEqual(['a', 'b', 'c', 'a']);
  });
});
