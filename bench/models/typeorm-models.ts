/** TypeORM's own entity classes over the shared bench tables (decorators, as its docs show). */
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'bench_item' })
export class TItem {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'varchar', length: 32 }) code!: string;
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'double precision' }) price!: number;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'integer' }) category!: number;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'integer' }) score!: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

@Entity({ name: 'bench_parent' })
export class TParent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @OneToMany(() => TChild, (c) => c.parent) children!: TChild[];
}

@Entity({ name: 'bench_child' })
export class TChild {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'integer', name: 'parent_id' }) parentId!: number;
  @ManyToOne(() => TParent, (p) => p.children, { nullable: false })
  @JoinColumn({ name: 'parent_id' })
  parent!: TParent;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) value!: number;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
