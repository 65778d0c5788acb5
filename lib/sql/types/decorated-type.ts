import { ArgumentError } from '../../errors';
import { SqlType, type TypeAffinity, type TypeKind, type ValueProcessor } from './sql-type';

/**
 * How a decorated type converts its values around the type it stores them as. `T` is the value
 * the application sees, `S` the value of the stored type.
 */
export interface DecoratedTypeOptions<T, S> {
  /** Application value → stored value, before the stored type's own conversion. Not given null unless `processesNull`. */
  readonly toDriver?: (value: T) => S;
  /** Stored value → application value, after the stored type's own conversion. Never given null. */
  readonly fromDriver?: (value: S) => T;
  /**
   * `toDriver` receives `null` as well (and may turn it into a value), so an attribute set to
   * null is written as whatever `toDriver(null)` returns — SQLAlchemy's `should_evaluate_none`.
   */
  readonly processesNull?: boolean;
  /** The name in messages; defaults to `decorated(<stored type>)`. */
  readonly name?: string;
}

/**
 * A column type stored as another type, with conversions of its own on the way in and out
 * (SQLAlchemy's `TypeDecorator`): value objects, encrypted or encoded text, units. DDL, CAST,
 * comparisons and migrations are those of the stored type; the conversions are applied on top of
 * the stored type's own (see `types.decorated`).
 */
export class DecoratedType<T, S = unknown> extends SqlType<T> {
  readonly kind: TypeKind;
  readonly name: string;
  /** Application value → stored value, or undefined when values pass as they are. */
  readonly toDriver: ValueProcessor | undefined;
  /** Stored value → application value, or undefined when values pass as they are. */
  readonly fromDriver: ValueProcessor | undefined;
  readonly processesNull: boolean;

  constructor(
    readonly impl: SqlType<S>,
    options: DecoratedTypeOptions<T, S>,
  ) {
    super();
    if (!(impl instanceof SqlType)) {
      throw new ArgumentError(
        'types.decorated() needs the type its values are stored as, such as types.string(50)',
      );
    }
    this.kind = impl.kind;
    this.name = options.name ?? `decorated(${impl.name})`;
    this.toDriver = options.toDriver as ValueProcessor | undefined;
    this.fromDriver = options.fromDriver as ValueProcessor | undefined;
    this.processesNull = options.processesNull === true;
    // The stored type's parameters (length, enum values, …) are read by kind wherever DDL,
    // casts and migrations are written, so the decorated type carries them under the same kind.
    for (const [key, value] of Object.entries(impl)) {
      if (!(key in this)) Object.defineProperty(this, key, { value, enumerable: true });
    }
    if (this.processesNull && this.toDriver === undefined) {
      throw new ArgumentError(`types.decorated(${impl.name}): processesNull needs a toDriver conversion`);
    }
  }

  override get affinity(): TypeAffinity {
    return this.impl.affinity;
  }

  override get bindsNull(): boolean {
    return this.processesNull || this.impl.bindsNull;
  }
}

/** A decorated type's bind processor: its own conversion, then the stored type's. */
export function decoratedBind(
  type: DecoratedType<unknown>,
  inner: ValueProcessor | undefined,
): ValueProcessor | undefined {
  const own = type.toDriver;
  if (own === undefined) return inner;
  const ownNull = type.processesNull;
  return (v) => {
    // A null the conversion is not given goes to the stored type as it is (JSON null, or NULL).
    if (!ownNull && (v === null || v === undefined)) return inner === undefined ? v : inner(v);
    const stored = own(v === undefined ? null : v);
    return inner === undefined || stored === undefined ? stored : inner(stored);
  };
}

/** A decorated type's result processor: the stored type's conversion, then its own. */
export function decoratedResult(
  type: DecoratedType<unknown>,
  inner: ValueProcessor | undefined,
): ValueProcessor | undefined {
  const own = type.fromDriver;
  if (own === undefined) return inner;
  return (v) => {
    const stored = inner === undefined ? v : inner(v);
    return stored === null || stored === undefined ? null : own(stored);
  };
}
