/**
 * Athanor — a TypeScript ORM with SQLAlchemy 2.0's design.
 * The public API: every layer re-exports its own surface here.
 */
import { BUILT_IN_DIALECTS } from './dialects';
import { registerDialect } from './drivers';

export * from './errors';
export * from './sql';
export * from './drivers';
export * from './dialects';
export * from './mapper';
export * from './decorators';
export * from './session';
// The decorators take the short names at the package root; Core's classes of the same names stay
// reachable as CoreTable / CoreColumn / CoreIndex (and under their own names from lib/sql).
export { Table, Column, Index } from './decorators';
export { Table as CoreTable, Column as CoreColumn, Index as CoreIndex } from './sql';

// The package entry registers the built-in dialects; `registerDialect` adds others.
for (const dialect of BUILT_IN_DIALECTS) registerDialect(dialect);
