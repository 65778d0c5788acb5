/**
 * Entities that several unit-of-work conformance suites declare alike, as factories: each call
 * declares fresh classes on fresh tables (through `c.entities`), with the relationships the
 * suite's SQLAlchemy fixture maps — a relationship left out is not mapped at all.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import type { RelationshipOptions } from '../../lib/mapper';
import { types } from '../../lib/sql';
import type { ConformanceContext } from './support';

/** Leaves a property unmapped (a relationship the fixture does not have). */
const unmapped: PropertyDecorator = () => undefined;

/** Which sides of `nodes.parentId → nodes.id` are mapped, with their options. */
export interface NodeTreeOptions {
  /** `Node.children`, the one-to-many. */
  children?: RelationshipOptions;
  /** `Node.parent`, the many-to-one (its remote side is `id`). */
  parent?: RelationshipOptions;
}

/**
 * SQLAlchemy's self-referential `nodes` table (id, parent_id → nodes.id, data) mapped as `Node`,
 * with `children` and/or `parent` as asked.
 */
export function nodeTree(c: ConformanceContext, options: NodeTreeOptions) {
  return c.entities((registry, name) => {
    const { children, parent } = options;
    @Table(name('nodes'), { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Node }) parentId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @(children === undefined ? unmapped : Relationship(() => Node, children)) children!: Node[];
      @(parent === undefined ? unmapped : Relationship(() => Node, { remoteSide: 'id', ...parent }))
      parent!: Node | null;
    }
    return { Node };
  });
}
