/**
 * Compile-time checks of the dialect contract: `tsc --noEmit` fails when a line marked
 * `@ts-expect-error` compiles.
 */
import { sqliteDialect } from '../../lib/dialects';
import type { TypeRenderer } from '../../lib/sql';

// A type renderer is an exhaustive map over the type kinds: leaving one out does not compile.
const { binary: _binary, ...withoutBinary } = sqliteDialect.types;
// @ts-expect-error the 'binary' kind is missing
export const incomplete: TypeRenderer = withoutBinary;

// A kind's renderer receives that kind's parameters, so it cannot read another kind's.
export const wrongParams: TypeRenderer = {
  ...sqliteDialect.types,
  // @ts-expect-error a string type has a length, not a precision
  string: { ddl: (t) => `VARCHAR(${t.precision})`, bind: () => undefined, result: () => undefined },
};
