/**
 * Registers the six built-in dialects. Every entry point imports this module for its effect, so
 * `createEngine('postgresql://…')` and `compile(stmt, 'mysql')` work whichever entry an
 * application loads first; the module runs once per process.
 */
import { BUILT_IN_DIALECTS } from '../dialects';
import { registerDialect } from '../drivers';

for (const dialect of BUILT_IN_DIALECTS) registerDialect(dialect);
