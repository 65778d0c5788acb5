import type { SqlNode } from './nodes';

/** The node of kind `K`. */
export type NodeOfKind<K extends SqlNode['kind']> = Extract<SqlNode, { readonly kind: K }>;

/** The field names of a node, without its `kind` tag. */
export type FieldName<N> = Exclude<keyof N, 'kind'>;

/**
 * How the statement cache writes a node of one kind into a statement's key:
 * - `tree`: its fields, in the declared order (most nodes);
 * - `shared`: the same, but a second meeting in one tree is a back reference, because the compiler
 *   relies on the identity of FROM items and CTEs;
 * - `identity`: the object itself, by identity (a table's node lives as long as its table);
 * - `bind` / `text`: a holder of values; the key takes its `fields`, the values are read on a hit.
 */
export type KeyMode = 'tree' | 'shared' | 'identity' | 'bind' | 'text';

/** One kind's entry: how it is keyed, the fields that make its key, and the values left out. */
export interface KindFields<N> {
  readonly mode: KeyMode;
  /** Fields written into the key, in this order. */
  readonly fields: readonly FieldName<N>[];
  /** Fields deliberately left out of the key: the bound values, read from the tree on a hit. */
  readonly values?: readonly FieldName<N>[];
}

/**
 * Every node kind of the expression language with the fields it is made of. The statement cache
 * builds its keys from this table, and the checks below make a field added to a node interface
 * without being listed here (or a new kind without an entry) a compile error, so the cache can
 * never silently ignore part of a statement.
 */
export const NODE_FIELDS = Object.freeze({
  Column: { mode: 'tree', fields: ['from', 'name', 'type', 'key', 'readFrom'] },
  BindParam: { mode: 'bind', fields: ['type'], values: ['value', 'deferred'] },
  Null: { mode: 'tree', fields: [] },
  BooleanConstant: { mode: 'tree', fields: ['value'] },
  Star: { mode: 'tree', fields: ['from'] },
  Binary: { mode: 'tree', fields: ['op', 'left', 'right', 'escape'] },
  Logical: { mode: 'tree', fields: ['op', 'operands'] },
  Not: { mode: 'tree', fields: ['operand'] },
  UnaryMinus: { mode: 'tree', fields: ['operand'] },
  IsNull: { mode: 'tree', fields: ['operand', 'negated'] },
  In: { mode: 'tree', fields: ['operand', 'values', 'negated'] },
  Between: { mode: 'tree', fields: ['operand', 'low', 'high', 'negated'] },
  Function: { mode: 'tree', fields: ['name', 'args', 'distinct', 'type'] },
  Cast: { mode: 'tree', fields: ['operand', 'type'] },
  Case: { mode: 'tree', fields: ['subject', 'whens', 'otherwise', 'type'] },
  Label: { mode: 'tree', fields: ['expr', 'name', 'type'] },
  Exists: { mode: 'tree', fields: ['query'] },
  ScalarSubquery: { mode: 'tree', fields: ['query'] },
  OrderBy: { mode: 'tree', fields: ['expr', 'direction', 'nulls'] },
  Window: { mode: 'tree', fields: ['fn', 'partitionBy', 'orderBy', 'frame'] },
  WindowFrame: { mode: 'tree', fields: ['mode', 'start', 'end'] },
  FrameBound: { mode: 'tree', fields: ['bound', 'offset'] },
  Tuple: { mode: 'tree', fields: ['items'] },
  // The parameter names given matter (a missing one is an error); their values do not.
  TextFragment: { mode: 'text', fields: ['sql'], values: ['params'] },
  Excluded: { mode: 'tree', fields: ['name', 'type'] },
  DefaultValue: { mode: 'tree', fields: [] },
  NextValue: { mode: 'tree', fields: ['name', 'schemaName', 'type'] },
  Table: { mode: 'identity', fields: ['name', 'schemaName'] },
  TableAlias: { mode: 'shared', fields: ['table', 'alias'] },
  DerivedTable: { mode: 'shared', fields: ['query', 'alias', 'lateral'] },
  Join: { mode: 'shared', fields: ['type', 'left', 'right', 'on'] },
  CteRef: { mode: 'shared', fields: ['cte', 'alias'] },
  Values: { mode: 'shared', fields: ['rows', 'alias', 'columnNames', 'types'] },
  TableFunction: { mode: 'shared', fields: ['fn', 'alias'] },
  Cte: { mode: 'shared', fields: ['name', 'query', 'recursive', 'columnNames'] },
  ForUpdate: { mode: 'tree', fields: ['mode', 'noWait', 'skipLocked', 'of'] },
  Select: {
    mode: 'tree',
    fields: [
      'ctes',
      'distinct',
      'columns',
      'from',
      'where',
      'groupBy',
      'having',
      'orderBy',
      'limit',
      'offset',
      'forUpdate',
    ],
  },
  SetOperation: { mode: 'tree', fields: ['ctes', 'op', 'queries', 'orderBy', 'limit', 'offset'] },
  OnConflict: { mode: 'tree', fields: ['target', 'set', 'where'] },
  Insert: { mode: 'tree', fields: ['ctes', 'table', 'columns', 'rows', 'select', 'returning', 'onConflict'] },
  Update: {
    mode: 'tree',
    fields: ['ctes', 'table', 'target', 'set', 'setOther', 'from', 'where', 'returning', 'dialectOptions'],
  },
  Delete: {
    mode: 'tree',
    fields: ['ctes', 'table', 'target', 'using', 'where', 'returning', 'dialectOptions'],
  },
  TextStatement: { mode: 'tree', fields: ['text', 'columns'] },
} as const satisfies { readonly [K in SqlNode['kind']]: KindFields<NodeOfKind<K>> });

// ---- compile-time checks ----------------------------------------------------------------------

type Listed<K extends SqlNode['kind']> =
  | (typeof NODE_FIELDS)[K]['fields'][number]
  | ((typeof NODE_FIELDS)[K] extends { readonly values: readonly (infer V)[] } ? V : never);

/** Per kind: `true`, or the names of the fields its entry in NODE_FIELDS does not list. */
type Unlisted = {
  readonly [K in SqlNode['kind']]: [Exclude<FieldName<NodeOfKind<K>>, Listed<K>>] extends [never]
    ? true
    : { readonly notListedInNodeFields: Exclude<FieldName<NodeOfKind<K>>, Listed<K>> };
};

type AllTrue<T extends { readonly [K in SqlNode['kind']]: true }> = T;

/** Fails to compile, naming the kind and the field, when a node field is missing from NODE_FIELDS. */
export type EveryFieldListed = AllTrue<Unlisted>;
