import { CompileError } from '../../errors';
import type { CompiledQuery, ResultColumn, StatementKind } from '../compiled-query';
import type { DialectName } from '../dialect-name';
import type * as n from '../nodes';
import type { StatementNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { bindProcessorOf, renderTypeCast, type TypeRenderer } from '../types/type-renderer';
import type { DialectCapabilities } from './capabilities';
import { cacheFor, statementKey, type ParamSource } from './statement-cache';

/**
 * The bottom layer of the compiler: output state (SQL text, parameters, result columns), the
 * `compile()` entry point, the small dialect hooks every layer uses (placeholders, quoting) and the
 * output helpers. The layers above it: expressions (expression-compiler.ts), SELECT / FROM
 * (compiler.ts), DML (dml-compiler.ts), DDL (ddl-compiler.ts).
 */
export abstract class CompilerBase {
  abstract readonly dialect: DialectName;
  abstract readonly capabilities: DialectCapabilities;
  /** How the dialect writes and converts each kind of type. */
  abstract readonly types: TypeRenderer;

  protected sql = '';
  protected params: unknown[] = [];
  protected columns: ResultColumn[] = [];
  protected outBinds: ResultColumn[] | undefined;
  /** When set, columns of this table render unqualified (RETURNING) or with this prefix (OUTPUT INSERTED). */
  protected columnPrefix: { table: n.TableNode; prefix: string } | undefined;
  private processors = new Map<SqlType<unknown>, ((v: unknown) => unknown) | undefined>();
  /** Per parameter: the node it came from and its bind processor, for the statement cache. */
  private paramSources: (ParamSource | undefined)[] = [];
  private paramProcessors: (((v: unknown) => unknown) | undefined)[] = [];

  /**
   * Compiles a whole statement. A compiler instance compiles one statement. Statements of a shape
   * compiled before (same tree but for bound values) come from the statement cache.
   * @example getDialect('sqlite').createCompiler().compile(select(users.c.id).toStatementNode())
   */
  compile(node: StatementNode): CompiledQuery {
    const key = statementKey(node);
    if (key === undefined) return this.compileUncached(node);
    const cache = cacheFor(this.constructor);
    const hit = cache.lookup(key);
    if (hit !== undefined) return hit;
    const compiled = this.compileUncached(node);
    cache.store(key, compiled, this.paramSources, this.paramProcessors);
    return compiled;
  }

  /** Compiles a statement without the cache. */
  compileUncached(node: StatementNode): CompiledQuery {
    this.visitStatement(node, true);
    return Object.freeze({
      sql: this.sql,
      params: Object.freeze(this.params),
      columns: Object.freeze(this.columns),
      statementKind: statementKind(node),
      returnsRows:
        this.columns.length > 0 ||
        node.kind === 'TextStatement' ||
        node.kind === 'Select' ||
        node.kind === 'SetOperation',
      ...(this.outBinds === undefined ? {} : { outBinds: Object.freeze(this.outBinds) }),
    });
  }

  /** Visits a statement; `top` is false for statements nested in another (CTE bodies). */
  protected abstract visitStatement(node: StatementNode, top: boolean): void;

  // ---- hooks ---------------------------------------------------------------------------------

  /** The placeholder of the `index`-th (1-based) parameter. */
  protected placeholder(_index: number): string {
    return '?';
  }

  /** Quotes an identifier, doubling the quote character inside it. */
  quoteIdentifier(name: string): string {
    if (name.includes('\u0000'))
      throw new CompileError(`identifier ${JSON.stringify(name)} contains a NUL character`);
    return `"${name.replace(/"/g, '""')}"`;
  }

  /** A string literal, for the few places SQL cannot take a parameter (DDL defaults, CHECKs). */
  quoteLiteral(value: string): string {
    if (value.includes('\u0000')) throw new CompileError('a string literal in DDL contains a NUL character');
    return `'${value.replace(/'/g, "''")}'`;
  }

  /** The keyword between a FROM item and its alias (`AS`; Oracle has none for tables). */
  protected tableAliasKeyword(): string {
    return ' AS ';
  }

  protected booleanConstant(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  protected functionName(name: string): string {
    return name.toLowerCase() === 'current_timestamp' ? 'CURRENT_TIMESTAMP' : name;
  }

  /** The type name used in CAST. */
  protected castType(type: SqlType<unknown>): string {
    return renderTypeCast(this.types, type);
  }

  // ---- output helpers ------------------------------------------------------------------------

  protected write(text: string): void {
    this.sql += text;
  }

  /**
   * Binds a value (converted by its type for this dialect) and writes its placeholder. `source`
   * is the node the value comes from; without it the statement is not cached (the value could
   * not be found again in another tree of the same shape).
   */
  protected bind(value: unknown, type: SqlType<unknown> | undefined, source?: ParamSource): void {
    let v = value;
    let proc: ((v: unknown) => unknown) | undefined;
    if (type !== undefined) {
      proc = this.processors.get(type);
      if (proc === undefined && !this.processors.has(type)) {
        proc = bindProcessorOf(this.types, type);
        this.processors.set(type, proc);
      }
      if (proc !== undefined && v !== null && v !== undefined) v = proc(v);
    }
    this.params.push(v === undefined ? null : v);
    this.paramSources.push(source);
    this.paramProcessors.push(proc);
    this.write(this.placeholder(this.params.length));
  }

  protected list<T>(items: readonly T[], visit: (item: T, index: number) => void, sep = ', '): void {
    items.forEach((item, i) => {
      if (i > 0) this.write(sep);
      visit(item, i);
    });
  }

  protected tableName(node: n.TableNode): string {
    const name = this.quoteIdentifier(node.name);
    return node.schemaName === undefined ? name : `${this.quoteIdentifier(node.schemaName)}.${name}`;
  }

  protected unsupported(construct: string): never {
    throw new CompileError(`${construct} is not supported by the ${this.dialect} dialect`);
  }
}

function statementKind(node: StatementNode): StatementKind {
  switch (node.kind) {
    case 'Select':
    case 'SetOperation':
      return 'select';
    case 'Insert':
      return 'insert';
    case 'Update':
      return 'update';
    case 'Delete':
      return 'delete';
    case 'TextStatement':
      return 'text';
    default:
      return 'ddl';
  }
}
