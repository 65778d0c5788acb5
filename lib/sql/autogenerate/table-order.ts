/** The order in which new tables are created and old ones dropped, by their foreign keys. */
import type { ReflectedTable } from '../reflection/model';
import type { Table } from '../schema/table';

/** Tables to create, each after the tables it refers to; foreign keys closing a cycle come later. */
export function creationOrder(tables: readonly Table[]): {
  order: Table[];
  deferred: Map<Table, Set<number>>;
} {
  const pending = new Set(tables);
  const order: Table[] = [];
  const deferred = new Map<Table, Set<number>>();
  const refersToPending = (t: Table, fkIndex: number): boolean => {
    const target = t.foreignKeys[fkIndex]!.referredTable;
    return target !== t && pending.has(target);
  };
  while (pending.size) {
    const ready = [...pending].find((t) => t.foreignKeys.every((_, i) => !refersToPending(t, i)));
    const next = ready ?? [...pending][0]!;
    if (ready === undefined) {
      const later = new Set<number>();
      next.foreignKeys.forEach((_, i) => {
        if (refersToPending(next, i)) later.add(i);
      });
      deferred.set(next, later);
    }
    pending.delete(next);
    order.push(next);
  }
  return { order, deferred };
}

/** Tables to drop, each before the tables it refers to. */
export function dropOrder(tables: readonly ReflectedTable[]): ReflectedTable[] {
  const pending = new Set(tables);
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const order: ReflectedTable[] = [];
  while (pending.size) {
    const referenced = (t: ReflectedTable): boolean =>
      [...pending].some(
        (other) =>
          other !== t && other.foreignKeys.some((fk) => byName.get(fk.referredTable.toLowerCase()) === t),
      );
    const next = [...pending].find((t) => !referenced(t)) ?? [...pending][0]!;
    pending.delete(next);
    order.push(next);
  }
  return order;
}
