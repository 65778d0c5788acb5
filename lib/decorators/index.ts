/**
 * Decorators that declare mapped classes: `@Table`, `@Column`, `@Relationship`, `@Synonym`, `@ExpressionProperty`, `@Index`,
 * `@Unique`.
 * They record options; the registry builds mappers and tables on `configure()`.
 */
import 'reflect-metadata';

export { Table, type TableDecoratorOptions } from './table';
export { Column } from './column';
export { Relationship } from './relationship';
export { Synonym } from './synonym';
export { ExpressionProperty } from './expression-property';
export { Index, Unique } from './index-unique';
export type { Rel } from './rel';
