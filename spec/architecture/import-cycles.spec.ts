import { importsIn, importsOf, LIB, libPath, tsFiles } from './lib-files';

/**
 * No import cycle inside a layer: a module can be read (and loaded) after the modules it imports.
 * Two graphs are checked: the runtime one (imports whose values may be used when a module loads)
 * and the type-level one (every import, `import type` included), since a cycle of types still ties
 * files together for a reader and for the compiler. There is no list of allowed cycles: any cycle
 * fails, named file by file.
 */

/** A file's layer: the first folder under lib/ (the root files are no layer). */
function layerOf(path: string): string | undefined {
  const slash = path.indexOf('/');
  return slash === -1 ? undefined : path.slice(0, slash);
}

/** The cycles of a graph: its strongly connected components of two or more files (or a self-import). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Each file's imports of files in its own layer, by lib/-relative path. */
function layerGraph(runtimeOnly: boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles()) {
    const from = libPath(file);
    const layer = layerOf(from);
    if (layer === undefined) continue;
    const targets = importsOf(file)
      .filter((edge) => !(runtimeOnly && edge.typeOnly))
      .map((edge) => libPath(edge.target))
      .filter((to) => layerOf(to) === layer);
    graph.set(from, targets);
  }
  return graph;
}

/** The cycles of the layer graphs, each as its files joined by arrows. */
function named(cycles: readonly string[][]): string[] {
  return cycles.map((cycle) => cycle.join(' → '));
}

describe('import cycles inside a layer', () => {
  const runtime = cyclesOf(layerGraph(true));
  const typeLevel = cyclesOf(layerGraph(false));

  it('no runtime cycle', () => {
    expect(named(runtime)).toEqual([]);
  });

  it('no type-level cycle', () => {
    expect(named(typeLevel)).toEqual([]);
  });

  it('finds a cycle, and tells type-only imports apart (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(named([['sql/x.ts', 'sql/y.ts']])).toEqual(['sql/x.ts → sql/y.ts']);
    expect(cyclesOf(new Map([['e.ts', ['e.ts']]]))).toEqual([['e.ts']]);
    // `import type` and braces of type names only are type-only; a value name is not.
    const source = [
      "import type { StatementNode } from './nodes';",
      "import { type Executable, ENTITY } from './selectable';",
      "import {\n  type CompiledQuery,\n  type StatementKind,\n} from './compiled-query';",
      "export * from './dialect-name';",
    ].join('\n');
    const edges = importsIn(source, `${LIB}/sql/dialect.ts`).map((e) => [libPath(e.target), e.typeOnly]);
    expect(edges).toEqual([
      ['sql/nodes/index.ts', true],
      ['sql/selectable.ts', false],
      ['sql/compiled-query.ts', true],
      ['sql/dialect-name.ts', false],
    ]);
  });
});
