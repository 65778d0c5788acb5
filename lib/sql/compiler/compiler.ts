import type * as n from '../nodes';
import type { ExprNode, QueryNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { renderTypeCast } from '../types/type-renderer';
import {
  compileDelete,
  compileInsert,
  compileInsertBody,
  compileOnConflict,
  compileReturning,
  compileUpdate,
} from './compile-dml';
import {
  compileBooleanValue,
  compileConcat,
  compileExcluded,
  compileIlike,
  compileIn,
  compileModulo,
} from './compile-expression';
import { compileValues, compileValuesCell } from './compile-from';
import { compileForUpdate, compileLimitOffset, compileSelect, compileSetMember } from './compile-select';
import { StatementCompilerBase } from './compiler-base';
import type { StatementCompilerHooks } from './hooks';

/**
 * The statement compiler: walks a SELECT, set operation, INSERT, UPDATE, DELETE or text() tree once
 * and produces SQL text plus bound parameters (DDL goes to the dialect's DDL compiler). A dialect
 * subclasses it once and overrides hooks only: the methods of `StatementCompilerHooks`
 * (hooks.ts), where each is documented. The other methods are the walk and the compilation's
 * state (compiler-base.ts), which hooks may call but never override (spec/dialects checks it).
 * Used as it is, it compiles standard SQL with `?` placeholders. A hook's default here is a call
 * of its construct's function.
 */
export class SqlCompiler extends StatementCompilerBase implements StatementCompilerHooks {
  // ---- hooks: tokens -------------------------------------------------------------------------

  override placeholder(_index: number): string {
    return '?';
  }

  override tableAliasKeyword(): string {
    return ' AS ';
  }

  override columnAliasKeyword(): string {
    return ' AS ';
  }

  override booleanConstant(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  override functionName(name: string): string {
    return name.toLowerCase() === 'current_timestamp' ? 'CURRENT_TIMESTAMP' : name;
  }

  override castType(type: SqlType<unknown>): string {
    return renderTypeCast(this.types, type);
  }

  override sequenceNextValue(qualifiedName: string): string {
    return `NEXT VALUE FOR ${qualifiedName}`;
  }

  override recursiveWithKeyword(): string {
    return 'WITH RECURSIVE ';
  }

  override lateralKeyword(): string {
    return 'LATERAL ';
  }

  override emptyFrom(): string {
    return '';
  }

  // ---- hooks: booleans and operators ---------------------------------------------------------

  override booleanExpressions(): boolean {
    return true;
  }

  override writeBooleanValue(node: ExprNode): void {
    compileBooleanValue(this, node);
  }

  override visitConcat(left: ExprNode, right: ExprNode): void {
    compileConcat(this, left, right);
  }

  override visitModulo(left: ExprNode, right: ExprNode): void {
    compileModulo(this, left, right);
  }

  override visitIlike(node: n.BinaryNode): void {
    compileIlike(this, node);
  }

  override visitIn(node: n.InNode): void {
    compileIn(this, node);
  }

  override visitExcluded(node: n.ExcludedNode): void {
    compileExcluded(this, node);
  }

  // ---- hooks: SELECT -------------------------------------------------------------------------

  override visitSelect(node: n.SelectNode, top: boolean): void {
    compileSelect(this, node, top);
  }

  override selectPrefix(_node: n.SelectNode): void {}

  override visitLimitOffset(
    limit: ExprNode | undefined,
    offset: ExprNode | undefined,
    _hasOrderBy: boolean,
    _compound: boolean,
  ): void {
    compileLimitOffset(this, limit, offset);
  }

  override visitForUpdate(node: n.ForUpdateNode): void {
    compileForUpdate(this, node);
  }

  override afterFromTable(_node: n.TableNode | n.TableAliasNode): void {}

  override supportsSetOp(_op: n.SetOp): boolean {
    return true;
  }

  override setOpKeyword(op: n.SetOp): string {
    return op;
  }

  override visitSetMember(query: QueryNode, top: boolean): void {
    compileSetMember(this, query, top);
  }

  override visitValues(node: n.ValuesNode): void {
    compileValues(this, node);
  }

  override visitValuesCell(value: ExprNode, _type: SqlType<unknown> | undefined, _row: number): void {
    compileValuesCell(this, value);
  }

  // ---- hooks: INSERT / UPDATE / DELETE -------------------------------------------------------

  override visitInsert(node: n.InsertNode): void {
    compileInsert(this, node);
  }

  override visitInsertBody(node: n.InsertNode): void {
    compileInsertBody(this, node);
  }

  override defaultValuesClause(_node: n.InsertNode): string {
    return ' DEFAULT VALUES';
  }

  override beforeValues(_node: n.InsertNode): void {}

  override visitOnConflict(node: n.InsertNode, onConflict: n.OnConflictNode): void {
    compileOnConflict(this, node, onConflict);
  }

  override visitReturning(
    table: n.TableNode | n.TableAliasNode,
    returning: readonly ExprNode[],
    _side: 'INSERTED' | 'DELETED',
  ): void {
    compileReturning(this, table, returning);
  }

  override visitUpdate(node: n.UpdateNode): void {
    compileUpdate(this, node);
  }

  override afterUpdateSet(_node: n.UpdateNode): void {}

  override visitDelete(node: n.DeleteNode): void {
    compileDelete(this, node);
  }

  override afterDeleteTable(_node: n.DeleteNode): void {}
}
