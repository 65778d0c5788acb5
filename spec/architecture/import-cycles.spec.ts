import { importsIn, importsOf, LIB, libPath, tsFiles } from './lib-files';

/**
 * No import cycle inside a layer: a module can be read (and loaded) after the modules it imports.
 * Two graphs are checked: the runtime one (imports whose values may be used when a module loads)
 * and the type-level one (every import, `import type` included), since a cycle of types still ties
 * files together for a reader and for the compiler.
 *
 * One cycle of types remains, in the mapper: `Mapper` names its relationships and instance
 * states, each of them names its `Mapper`, and a state finds the mapper of an object through
 * mapper-lookup.ts (row readers left it: they take the mapper as a parameter typed by what they
 * read, `ReadableMapper`). It is listed here as it is, so that
 * nothing can join it or add another (a new file in the cycle, or a new cycle, fails), and each
 * file leaves the list with the change that takes it out (a listed file no longer in a cycle
 * fails too, naming the entry).
 */
const KNOWN_RUNTIME_CYCLES: readonly (readonly string[])[] = [];

const KNOWN_TYPE_CYCLES: readonly (readonly string[])[] = [
  [
    'mapper/instance-state.ts',
    'mapper/mapper-lookup.ts',
    'mapper/mapper.ts',
    'mapper/relationship-property.ts',
  ],
];

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

/** Cycles not covered by a known one (every file of the cycle in one known entry). */
function newCycles(cycles: readonly string[][], known: readonly (readonly string[])[]): string[] {
  return cycles
    .filter((cycle) => !known.some((entry) => cycle.every((file) => entry.includes(file))))
    .map((cycle) => cycle.join(' → '));
}

/** Known entries naming a file that is no longer in any cycle. */
function staleEntries(cycles: readonly string[][], known: readonly (readonly string[])[]): string[] {
  const inCycle = new Set(cycles.flat());
  return known.flatMap((entry) =>
    entry
      .filter((file) => !inCycle.has(file))
      .map((file) => `${file} is no longer in a cycle: remove it from the list`),
  );
}

describe('import cycles inside a layer', () => {
  const runtime = cyclesOf(layerGraph(true));
  const typeLevel = cyclesOf(layerGraph(false));

  it('no runtime cycle but the known ones', () => {
    expect(newCycles(runtime, KNOWN_RUNTIME_CYCLES)).toEqual([]);
  });

  it('no type-level cycle but the known ones', () => {
    expect(newCycles(typeLevel, KNOWN_TYPE_CYCLES)).toEqual([]);
  });

  it('none at all in util, sql, drivers and dialects', () => {
    const inLayers = (cycles: string[][]): string[][] =>
      cycles.filter((c) => ['util', 'sql', 'drivers', 'dialects'].includes(layerOf(c[0]!)!));
    expect(inLayers(typeLevel)).toEqual([]);
    expect(inLayers(runtime)).toEqual([]);
  });

  it('the known lists name only files still in a cycle', () => {
    expect(staleEntries(runtime, KNOWN_RUNTIME_CYCLES)).toEqual([]);
    expect(staleEntries(typeLevel, KNOWN_TYPE_CYCLES)).toEqual([]);
  });

  it('finds a cycle, and tells type-only imports apart (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(newCycles([['sql/x.ts', 'sql/y.ts']], KNOWN_TYPE_CYCLES)).toEqual(['sql/x.ts → sql/y.ts']);
    expect(newCycles([['mapper/mapper.ts', 'mapper/instance-state.ts']], KNOWN_TYPE_CYCLES)).toEqual([]);
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
