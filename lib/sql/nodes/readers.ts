import type { BindParamNode, FromNode } from './nodes';

/** The name a FROM item is referred to by in column references. */
export function fromName(node: FromNode): string {
  switch (node.kind) {
    case 'Table':
      return node.name;
    case 'TableAlias':
    case 'DerivedTable':
    case 'TableFunction':
    case 'Values':
      return node.alias;
    case 'CteRef':
      return node.alias ?? node.cte.name;
    case 'Join':
      throw new Error('a join has no single name');
  }
}

/** The value a bind parameter carries; a deferred one is read now, each time it is asked. */
export function bindValue(node: BindParamNode): unknown {
  return node.deferred === undefined ? node.value : node.deferred();
}
