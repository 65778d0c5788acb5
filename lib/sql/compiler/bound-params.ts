import { InvalidValueError } from '../../errors';
import type { SqlType } from '../types/sql-type';
import { bindProcessorOf, type TypeRenderer } from '../types/type-renderer';
import { convertsNull } from './null-binding';
import type { ParamSource } from './statement-cache';

type BindProcessor = (v: unknown) => unknown;

/**
 * The parameters of one statement being compiled: each value converted by its type's bind
 * processor for the dialect, with where it came from (node and processor) for the statement cache,
 * which binds the values of the next tree of the same shape without compiling it.
 */
export class BoundParams {
  /** The values, in placeholder order. */
  readonly values: unknown[] = [];
  /** Per value: the node it came from (undefined: the statement cannot be cached). */
  readonly sources: (ParamSource | undefined)[] = [];
  /** Per value: the bind processor applied to it. */
  readonly processors: (BindProcessor | undefined)[] = [];

  private readonly byType = new Map<SqlType<unknown>, BindProcessor | undefined>();
  /** The column the values being bound are written to or compared with, for InvalidValueError. */
  private column: string | undefined;

  constructor(private readonly types: TypeRenderer) {}

  /** Adds a value (converted by `type`'s bind processor) and returns its 1-based index. */
  add(value: unknown, type: SqlType<unknown> | undefined, source: ParamSource | undefined): number {
    let v = value;
    let proc: BindProcessor | undefined;
    if (type !== undefined) {
      proc = this.byType.get(type);
      if (proc === undefined && !this.byType.has(type)) {
        proc = bindProcessorOf(this.types, type);
        this.byType.set(type, proc);
      }
      if (proc !== undefined && this.column !== undefined) proc = namingColumn(proc, this.column);
      if (proc !== undefined && type.bindsNull) convertsNull(proc);
      if (proc !== undefined && v !== undefined && (v !== null || type.bindsNull)) v = proc(v);
    }
    this.values.push(v === undefined ? null : v);
    this.sources.push(source);
    this.processors.push(proc);
    return this.values.length;
  }

  /** Runs `visit` with `column` as the column of the values added meanwhile (kept when undefined). */
  forColumn(column: string | undefined, visit: () => void): void {
    const saved = this.column;
    this.column = column ?? saved;
    try {
      visit();
    } finally {
      this.column = saved;
    }
  }
}

/** `proc`, completing the InvalidValueError it throws with the column's name. */
function namingColumn(proc: BindProcessor, column: string): BindProcessor {
  return (v) => {
    try {
      return proc(v);
    } catch (e) {
      throw e instanceof InvalidValueError ? e.forColumn(column) : e;
    }
  };
}
