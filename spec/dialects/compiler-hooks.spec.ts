/**
 * The dialect API of the compilers is their hooks: a dialect's statement compiler overrides
 * methods of `StatementCompilerHooks` only, its DDL compiler methods of `DdlCompilerHooks` only.
 * Everything else of the base classes is the walk, shared by every dialect.
 */
import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import { DDL_COMPILER_HOOKS, DdlCompiler, SqlCompiler, STATEMENT_COMPILER_HOOKS } from '../../lib/sql';

/** Method names a class and its ancestors below `base` define that `base` defines too. */
function overriddenNames(cls: abstract new (...args: never[]) => unknown, base: object): string[] {
  const names = new Set<string>();
  const baseProto = (base as { prototype: object }).prototype;
  for (let proto: object | null = cls.prototype as object; proto !== null && proto !== baseProto;) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && name in baseProto) names.add(name);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names].sort();
}

describe('compiler hooks', () => {
  it('every hook is a method of the base compilers', () => {
    for (const name of STATEMENT_COMPILER_HOOKS) expect(typeof SqlCompiler.prototype[name]).toBe('function');
    for (const name of DDL_COMPILER_HOOKS) expect(typeof DdlCompiler.prototype[name]).toBe('function');
  });

  it.each(BUILT_IN_DIALECTS.map((d) => [d.name, d] as const))('%s overrides hooks only', (_name, dialect) => {
    const statement = overriddenNames(dialect.statementCompiler, SqlCompiler);
    const ddl = overriddenNames(dialect.ddlCompiler, DdlCompiler);
    expect(statement.filter((n) => !(STATEMENT_COMPILER_HOOKS as readonly string[]).includes(n))).toEqual([]);
    expect(ddl.filter((n) => !(DDL_COMPILER_HOOKS as readonly string[]).includes(n))).toEqual([]);
    expect(dialect.statementCompiler.prototype).toBeInstanceOf(SqlCompiler);
    expect(dialect.ddlCompiler.prototype).toBeInstanceOf(DdlCompiler);
  });

  it('the check finds an override of the walk (it can fail)', () => {
    class Overreaching extends SqlCompiler {
      override visitExpr(): void {}
    }
    expect(overriddenNames(Overreaching, SqlCompiler)).toEqual(['visitExpr']);
  });
});
