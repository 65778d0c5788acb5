/** Athanor's mapped classes over the shared bench tables (decorators, in their own registry). */
import { Column, Relationship, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';

export const benchRegistry = new Registry();
const registry = benchRegistry;
const timestamptz = () => ({ type: types.dateTime({ timezone: true }), name: 'created_at' });

@Table('bench_item', { registry })
export class AItem {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.text() }) name!: string;
  @Column({ type: types.string(32) }) code!: string;
  @Column({ type: types.integer() }) quantity!: number;
  @Column({ type: types.float() }) price!: number;
  @Column({ type: types.boolean() }) active!: boolean;
  @Column({ type: types.integer() }) category!: number;
  @Column({ type: types.text() }) description!: string;
  @Column({ type: types.integer() }) score!: number;
  @Column(timestamptz()) createdAt!: Date;
}

@Table('bench_parent', { registry })
export class AParent {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.text() }) name!: string;
  @Column(timestamptz()) createdAt!: Date;
  @Relationship(() => AChild, { backPopulates: 'parent', cascade: ['save-update'] }) children!: AChild[];
}

@Table('bench_child', { registry })
export class AChild {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.integer(), name: 'parent_id', foreignKey: () => AParent }) parentId!: number;
  @Relationship(() => AParent, { backPopulates: 'children' }) parent!: AParent | null;
  @Column({ type: types.text() }) name!: string;
  @Column({ type: types.integer() }) value!: number;
  @Column(timestamptz()) createdAt!: Date;
}
