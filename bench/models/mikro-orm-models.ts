/** MikroORM 6's own entity classes over the shared bench tables (decorators with reflect-metadata). */
import { Collection, Entity, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'bench_item' })
export class MItem {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'string', length: 32 }) code!: string;
  @Property({ type: 'integer' }) quantity!: number;
  @Property({ type: 'double' }) price!: number;
  @Property({ type: 'boolean' }) active!: boolean;
  @Property({ type: 'integer' }) category!: number;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'integer' }) score!: number;
  @Property({ type: 'Date', columnType: 'timestamptz', fieldName: 'created_at' }) createdAt!: Date;
}

@Entity({ tableName: 'bench_parent' })
export class MParent {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'Date', columnType: 'timestamptz', fieldName: 'created_at' }) createdAt!: Date;
  @OneToMany(() => MChild, (c) => c.parent) children = new Collection<MChild>(this);
}

@Entity({ tableName: 'bench_child' })
export class MChild {
  @PrimaryKey({ type: 'integer' }) id!: number;
  @ManyToOne(() => MParent, { fieldName: 'parent_id' }) parent!: MParent;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'integer' }) value!: number;
  @Property({ type: 'Date', columnType: 'timestamptz', fieldName: 'created_at' }) createdAt!: Date;
}
