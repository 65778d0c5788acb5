import type { FromNode } from '../nodes';
import type { Column } from './column';

/**
 * @internal FROM nodes of tables and aliases → their columns, so that a join can find the
 * foreign keys between two FROM items given only their nodes.
 */
export const columnsOfFrom = new WeakMap<FromNode, readonly Column<unknown>[]>();
