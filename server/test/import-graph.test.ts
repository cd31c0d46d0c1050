import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // src/contract is a link to the top-level contract/ (compiled into server and plugin alike).
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory())) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each source file (relative to src/) → the source files it imports, type-only imports included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imports = ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(SRC, join(dirname(file), name.replace(/\.js$/, '.ts'))).split(sep).join('/'));
    graph.set(relative(SRC, file).split(sep).join('/'), imports);
  }
  return graph;
}

/** A folder under src/ is one node; a file directly in src/ (config.ts, app.ts) is its own. */
const layerOf = (file: string): string => (file.includes('/') ? `${file.split('/')[0]}/` : file);

function layerGraph(files: Map<string, string[]>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, imports] of files) {
    const from = layerOf(file);
    const edges = new Set(graph.get(from) ?? []);
    for (const imported of imports) if (layerOf(imported) !== from) edges.add(layerOf(imported));
    graph.set(from, [...edges]);
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return found;
}

describe('server/src import graph', () => {
  const files = importGraph();

  it('resolves every relative import to a source file', () => {
    const missing = [...files].flatMap(([file, imports]) => imports.filter((name) => !files.has(name)).map((name) => `${file} → ${name}`));
    expect(missing).to.deep.equal([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(files).map((cycle) => cycle.join(' → '))).to.deep.equal([]);
  });

  it('has no import cycle between folders (e.g. sso/ ↔ dashboard/)', () => {
    expect(cycles(layerGraph(files)).map((cycle) => cycle.join(' → '))).to.deep.equal([]);
  });

  it('keeps model/ free of imports from any other folder', () => {
    expect(layerGraph(files).get('model/')).to.deep.equal([]);
  });

  it('finds the cycles it is meant to catch', () => {
    const graph = new Map([
      ['sso/a.ts', ['dashboard/b.ts']],
      ['dashboard/b.ts', ['dashboard/c.ts']],
      ['dashboard/c.ts', ['sso/d.ts']],
      ['sso/d.ts', []],
    ]);
    expect(cycles(graph)).to.deep.equal([]);
    expect(cycles(layerGraph(graph))).to.deep.equal([['dashboard/', 'sso/', 'dashboard/']]);
  });
});
