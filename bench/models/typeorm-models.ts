/**
 * TypeORM's own entity classes over the shared bench tables (decorators, as its docs show), one set
 * per database: only the timestamp column type differs (TypeORM rejects a type its driver lacks).
 */
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

/** `timestamptz` on PostgreSQL, `datetime` (with milliseconds) on MariaDB and SQLite. */
export type TimestampType = 'timestamptz' | 'datetime';

export function typeormModels(timestamp: TimestampType) {
  const createdAt = {
    type: timestamp,
    name: 'created_at',
    ...(timestamp === 'datetime' ? { precision: 3 } : {}),
  };

  @Entity({ name: 'bench_item' })
  class TItem {
    @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
    @Column({ type: 'text' }) name!: string;
    @Column({ type: 'varchar', length: 32 }) code!: string;
    @Column({ type: 'integer' }) quantity!: number;
    @Column({ type: 'double precision' }) price!: number;
    @Column({ type: 'boolean' }) active!: boolean;
    @Column({ type: 'integer' }) category!: number;
    @Column({ type: 'text' }) description!: string;
    @Column({ type: 'integer' }) score!: number;
    @Column(createdAt) createdAt!: Date;
  }

  @Entity({ name: 'bench_parent' })
  class TParent {
    @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
    @Column({ type: 'text' }) name!: string;
    @Column(createdAt) createdAt!: Date;
    @OneToMany(() => TChild, (c) => c.parent) children!: TChild[];
  }

  @Entity({ name: 'bench_child' })
  class TChild {
    @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
    @Column({ type: 'integer', name: 'parent_id' }) parentId!: number;
    @ManyToOne(() => TParent, (p) => p.children, { nullable: false })
    @JoinColumn({ name: 'parent_id' })
    parent!: TParent;
    @Column({ type: 'text' }) name!: string;
    @Column({ type: 'integer' }) value!: number;
    @Column(createdAt) createdAt!: Date;
  }

  return { TItem, TParent, TChild };
}

export type TypeormModels = ReturnType<typeof typeormModels>;
