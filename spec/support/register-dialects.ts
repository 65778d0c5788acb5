/**
 * Jest setup: registers the built-in dialects, as the package entry does for an application, so a
 * spec importing one layer (`lib/sql`, `lib/drivers`) can compile for and connect to any of them.
 */
import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import { registerDialect } from '../../lib/drivers';

for (const dialect of BUILT_IN_DIALECTS) registerDialect(dialect);
