import type { ExprNode } from '../nodes';

/**
 * The names result columns come back under, one per select-list node: a column's key (its name
 * unless the table renamed it), a label,
 * `count_1`-style names for functions and `anon_1` for other expressions. Duplicates get `_1`,
 * `_2`… so no driver silently drops a column of the same name.
 * @internal
 */
export function resultNames(columns: readonly ExprNode[]): string[] {
  const used = new Set<string>();
  const counters = new Map<string, number>();
  const next = (base: string): string => {
    let k = counters.get(base) ?? 0;
    let candidate: string;
    do {
      k += 1;
      candidate = `${base}_${k}`;
    } while (used.has(candidate));
    counters.set(base, k);
    return candidate;
  };
  return columns.map((node) => {
    let name: string;
    if (node.kind === 'Column') {
      const key = node.key ?? node.name;
      name = used.has(key) ? next(key) : key;
    } else if (node.kind === 'Label') name = used.has(node.name) ? next(node.name) : node.name;
    else if (node.kind === 'Function') name = next(node.name.toLowerCase());
    else name = next('anon');
    used.add(name);
    return name;
  });
}
